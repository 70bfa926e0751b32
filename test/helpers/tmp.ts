import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScryptParams } from '../../electron/db/keyfile.ts';

/** A fresh folder per test, removed afterwards. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Cheaper scrypt for tests that log in many times. The production parameters are exercised by the
 * key-file test and the end-to-end test; the code path is the same, only the cost differs.
 */
export const FAST_SCRYPT: ScryptParams = { N: 1 << 12, r: 8, p: 1 };

export const TEST_COUNTY = {
  name: '测试县',
  bureau: '测试县市场监督管理局',
  regionCode: '410422',
  townships: ['城关镇', '东风街道'],
};
