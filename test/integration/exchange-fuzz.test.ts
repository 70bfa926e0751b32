/**
 * Fuzzing the spreadsheet reader (SPEC §7: “hostile files … end with a clear message, never a hang or a
 * crash”; issue 4 item 9). A child process (exchange-fuzz.child.ts) generates workbooks in every format
 * we read, damages them with a seeded PRNG (truncation, bit flips, extreme length fields, a broken zip
 * directory or compound-file header) and adds two zip bombs (honest and lying sizes). Each case must
 * either read or fail with a Chinese message, and readSpreadsheet must never throw.
 *
 * Some damaged .xls files make SheetJS loop or work for minutes (ARRAY formulas, string lengths). The child runs
 * the synchronous reader, so the parent kills it when a case exceeds CASE_MS, replays that case through
 * readSpreadsheetGuarded (the worker-thread reader the import wizard uses) and requires a 'timeout'
 * message from it within its time limit, then restarts the child after the case.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSpreadsheetGuarded } from '../../electron/services/exchange/read/index.ts';

const CHILD = fileURLToPath(new URL('./exchange-fuzz.child.ts', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../shared/external/xlsx_corpus/', import.meta.url));
if (!existsSync(CORPUS))
  console.warn('SKIPPED: ../shared/external/xlsx_corpus not found — fuzzing generated files only');

/** A case slower than this in the synchronous reader is replayed through the guarded one. */
const CASE_MS = 5_000;
/** The guarded reader's limit in this test (the app uses 180 s). */
const GUARD_MS = 3_000;
const SEED = 777;
const CASES_PER_SEED = 60;
const CHINESE = /[\u4e00-\u9fff]/;

interface Done {
  ok?: boolean;
  code?: string;
  message?: string;
  threw?: string;
  ms: number;
  label: string;
}

interface ChildRun {
  done: Done[];
  /** Index and label of the case the child was killed on, or null when it ran to the end. */
  hung: { index: number; label: string } | null;
}

function runChild(start: number, caseFile: string): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CHILD, String(SEED), String(CASES_PER_SEED), CORPUS, String(start), caseFile],
      {
        stdio: ['ignore', 'pipe', 'ignore'], // SheetJS prints “Missing Info for XLS Record …” on damaged files
      },
    );
    const done: Done[] = [];
    let current: { index: number; label: string } | null = null;
    let hung: ChildRun['hung'] = null;
    let buf = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => {
          hung = current ?? { index: start, label: '(before the first case)' };
          child.kill('SIGKILL');
        },
        // Start-up (loading SheetJS and its code pages) gets a generous allowance: on a loaded machine it
        // has taken over 30 s, which is not a hang of the reader.
        CASE_MS + 120_000 * Number(current === null),
      ); // generating the inputs takes a while
    };
    arm();
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^(START|DONE) (\d+) (.*)$/.exec(line);
        if (m?.[1] === 'START') {
          current = { index: Number(m[2]), label: m[3]! };
          arm();
        } else if (m?.[1] === 'DONE') {
          done.push(JSON.parse(m[3]!) as Done);
          current = null;
          // Between cases the child generates the next input (the 64 MiB zip bombs take seconds on a
          // loaded machine): that gets the start-up allowance, not a case's.
          arm();
        }
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ done, hung });
    });
  });
}

describe('spreadsheet reader under fuzzing', () => {
  it('never throws or hangs; every failure is a Chinese message; zip bombs are refused', {
    timeout: 900_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditdesk-fuzz-'));
    const caseFile = join(dir, 'case.bin');
    const done: Done[] = [];
    const replayed: Done[] = [];
    try {
      let start = 0;
      for (;;) {
        const run = await runChild(start, caseFile);
        done.push(...run.done);
        if (!run.hung) break;
        expect(run.hung.label, 'the child died before its first case').not.toBe('(before the first case)');
        const t = performance.now();
        const r = await readSpreadsheetGuarded(
          new Uint8Array(readFileSync(caseFile)),
          run.hung.label.split(' ')[0]!,
          {
            timeoutMs: GUARD_MS,
          },
        );
        const ms = Math.round(performance.now() - t);
        replayed.push({
          ok: r.ok,
          ...(r.ok ? {} : { code: r.code, message: r.message }),
          ms,
          label: run.hung.label,
        });
        start = run.hung.index + 1;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const byOutcome = new Map<string, number>();
    for (const d of [...done, ...replayed]) {
      expect(d.threw, d.label).toBeUndefined();
      if (d.ok === false) expect(d.message, d.label).toMatch(CHINESE);
      const key = d.ok ? '读取成功' : `拒绝（${d.code}）`;
      byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1);
    }
    for (const r of replayed) {
      // Killed in the synchronous reader, the guarded reader must end it within its limit (+ start-up).
      expect(r.ms, r.label).toBeLessThan(GUARD_MS + 10_000);
      if (!r.ok) expect(['timeout', 'corrupt', 'too-large'], r.label).toContain(r.code);
    }
    expect(done.length + replayed.length).toBeGreaterThan(7 * (CASES_PER_SEED + 1));
    for (const o of done.filter((d) => d.label.endsWith(' original'))) expect(o.ok, o.label).toBe(true);
    const bombs = done.filter((d) => d.label.startsWith('zip bomb'));
    expect(bombs).toHaveLength(2);
    for (const b of bombs) {
      expect(b.code, b.label).toBe('zip-bomb');
      expect(b.message).toMatch(/压缩炸弹/);
      expect(b.ms, b.label).toBeLessThan(CASE_MS);
    }
    const slowest = [...done].sort((a, b) => b.ms - a.ms).slice(0, 3);
    console.log(
      [
        `fuzz: ${done.length + replayed.length} 个样本：${[...byOutcome].map(([k, v]) => `${k} ${v}`).join('，')}`,
        `slowest (sync): ${slowest.map((s) => `${s.label} ${s.ms} ms`).join('; ')}`,
        ...replayed.map(
          (r) => `replayed through readSpreadsheetGuarded: ${r.label} → ${r.code ?? 'ok'} in ${r.ms} ms`,
        ),
      ].join('\n'),
    );
  });
});
