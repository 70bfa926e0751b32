import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareWarnings, type MonitoringWarning } from '../shared/monitoring/warning.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { capture } from './capture.testkit.ts';
import { main } from './main.ts';

const PASSWORD = { CREDITDESK_PASSWORD: 'county-secret-1' };

describe('creditdesk monitor --db', () => {
  let cleanup: () => void;
  afterEach(() => cleanup?.());

  it('runs the rules over the database, stores a run, and prints the --input shape; a re-run adds nothing', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    expect(await main(['demo', '--db', db, '--entities', '300', '--seed', 'm1'], capture(PASSWORD).io)).toBe(
      0,
    );

    const json = capture(PASSWORD);
    expect(await main(['monitor', '--db', db, '--as-of', '2026-10-31', '--json'], json.io)).toBe(0);
    const doc = JSON.parse(json.out[0]!) as { asOf: string; warnings: MonitoringWarning[] };
    expect(doc.asOf).toBe('2026-10-31');
    expect(doc.warnings.length).toBeGreaterThan(0);
    expect([...doc.warnings].sort(compareWarnings)).toEqual(doc.warnings);
    for (const w of doc.warnings) {
      expect(Object.keys(w).sort()).toEqual(['action', 'entities', 'evidence', 'level', 'rule', 'subject']);
      expect(w.entities.length).toBeGreaterThan(0);
      expect(w.evidence.length).toBeGreaterThan(0);
    }

    // Over the app's check bound (forced small here), as grade --db: the run, and one line on stderr.
    const again = capture({ ...PASSWORD, CREDITDESK_SYNC_CHECK_MAX_BYTES: '1' });
    expect(await main(['monitor', '--db', db, '--as-of', '2026-10-31'], again.io)).toBe(0);
    expect(again.err).toHaveLength(1);
    expect(again.err[0]).toMatch(/未做完整性检查.*creditdesk check --db /);
    expect(again.out[0]).toMatch(
      new RegExp(
        `^已保存第 2 次监测：基准日 2026-10-31，发现预警 ${doc.warnings.length} 条（新增 0，更新 0，重新打开 0）`,
      ),
    );

    const wrong = capture({ CREDITDESK_PASSWORD: 'not the password' });
    expect(await main(['monitor', '--db', db], wrong.io)).toBe(2);
    expect(wrong.err.join('')).toMatch(/密码错误/);
  }, 120_000);
});
