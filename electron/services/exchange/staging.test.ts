/**
 * Staged uploads and exports keep their bookkeeping on disk (staging.ts), so two stagings of one folder —
 * a bureau server's request threads — see each other's files: an upload begun on one is continued and
 * used on the other, an export offered on one is downloaded from the other; removed files and ids of
 * another form are refused in Chinese, and nothing is left behind.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { createStaging, stagingDir } from './staging.ts';

describe('staging shared by two threads', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of dirs.splice(0)) cleanup();
  });
  function twoThreads() {
    const t = tempDir();
    dirs.push(t.cleanup);
    const dbPath = join(t.dir, 'server');
    return { a: createStaging(dbPath), b: createStaging(dbPath), dir: stagingDir(dbPath) };
  }

  it('continues and uses an upload begun on the other thread, then discards it', () => {
    const { a, b, dir } = twoThreads();
    const id = a.begin('../名单/企业名单.xlsx', 6);
    expect(b.chunk(id, 0, new Uint8Array([1, 2, 3]))).toBe(3);
    expect(() => a.file(id)).toThrow('文件尚未上传完整，请重新选择文件。');
    expect(() => a.chunk(id, 0, new Uint8Array([4]))).toThrow('文件分块顺序有误（应为第 1 块）。');
    expect(a.chunk(id, 1, new Uint8Array([4, 5, 6]))).toBe(6);
    const file = b.file(id);
    expect(file.fileName).toBe('企业名单.xlsx');
    expect(a.file(id)).toEqual(file);
    a.discard(id);
    expect(() => b.file(id)).toThrow('上传的文件已失效，请重新选择文件。');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('downloads on one thread what the other offered, and removes it after the last chunk', () => {
    const { a, b, dir } = twoThreads();
    const { id, path } = a.newDownloadPath();
    writeFileSync(path, 'abcdef');
    expect(a.offer(id, path, '审计日志.xlsx', 3)).toMatchObject({ fileId: id, size: 6, rows: 3 });
    expect(b.read(id, 0, 4)).toMatchObject({ nextOffset: 4, size: 6, done: false });
    const last = a.read(id, 4, 4);
    expect(Buffer.from(last.bytes).toString()).toBe('ef');
    expect(last.done).toBe(true);
    expect(() => b.read(id, 0, 4)).toThrow('要下载的文件已失效，请重新导出。');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses ids it did not make, without touching any path they name', () => {
    const { a } = twoThreads();
    for (const id of ['../../etc/passwd', 'up-x', '', 'A'.repeat(32)]) {
      expect(() => a.read(id, 0, 10)).toThrow('要下载的文件已失效，请重新导出。');
      expect(() => a.file(id)).toThrow('上传的文件已失效，请重新选择文件。');
      expect(() => a.discard(id)).not.toThrow();
    }
  });
});
