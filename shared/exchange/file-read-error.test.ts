import { describe, expect, it } from 'vitest';
import { fileReadErrorMessage, NOT_FOUND, NOT_READABLE } from './file-read-error.ts';

describe('fileReadErrorMessage', () => {
  it('explains a refused read (Kylin 应用保护) with both fixes', () => {
    const m = fileReadErrorMessage(
      new DOMException('The requested file could not be read', 'NotReadableError'),
    );
    expect(m).toBe(NOT_READABLE);
    expect(m).toContain('应用保护');
    expect(m).toContain('“桌面”和“文档”');
    expect(m).toContain('移到其他文件夹');
    expect(m).toContain('安全中心 → 应用保护');
    expect(m?.replace(/WPS|Excel/g, '')).not.toMatch(/[A-Za-z]{3,}/); // no English beyond product names
  });

  it('says a moved or deleted file is gone', () => {
    expect(fileReadErrorMessage(new DOMException('gone', 'NotFoundError'))).toBe(NOT_FOUND);
  });

  it('leaves every other error to the caller', () => {
    expect(fileReadErrorMessage(new Error('文件是空的'))).toBeNull();
    expect(fileReadErrorMessage(new DOMException('aborted', 'AbortError'))).toBeNull();
    expect(fileReadErrorMessage({ code: 'invalid_input', message: 'x' })).toBeNull();
    expect(fileReadErrorMessage(null)).toBeNull();
    expect(fileReadErrorMessage('NotReadableError')).toBeNull();
  });
});
