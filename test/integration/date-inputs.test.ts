/**
 * The browser's own date input follows the machine's locale (mm/dd/yyyy on an English system), so the
 * renderer uses components/DateField.tsx everywhere instead. This scan keeps a native one from coming back.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const NATIVE_DATE =
  /type\s*=\s*(?:\{\s*)?["'`](?:date|datetime-local|month|week)["'`]|type:\s*["'`]date["'`]/;

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(tsx?|html)$/.test(name)) yield p.replaceAll('\\', '/');
  }
}

describe('date inputs in the renderer', () => {
  it('the scan recognises a native date input', () => {
    expect(NATIVE_DATE.test('<TextInput type="date" />')).toBe(true);
    expect(NATIVE_DATE.test("<input type={'date'} />")).toBe(true);
    expect(NATIVE_DATE.test('<DateField label="日期" />')).toBe(false);
  });

  it('uses no browser date input anywhere', () => {
    const offenders: string[] = [];
    for (const file of sources('renderer')) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (NATIVE_DATE.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
