import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corrupt } from '../test/helpers/damage.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { capture } from './capture.testkit.ts';
import { main } from './main.ts';

const PASSWORD = { CREDITDESK_PASSWORD: 'county-secret-1' };
const GRADE = ['--model', 'samr-risk', '--as-of', '2026-10-31', '--json'];

describe('creditdesk grade --db and the read-only commands check the file within the app bound; creditdesk check checks it all', () => {
  let cleanup: () => void;
  afterEach(() => cleanup?.());

  it('a file over the bound is graded without a whole-file check, says so on stderr; check finds damage', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    expect(await main(['demo', '--db', db, '--entities', '120', '--seed', 'c1'], capture(PASSWORD).io)).toBe(
      0,
    );

    // Under the bound: checked at login as before, nothing on stderr.
    const small = capture(PASSWORD);
    expect(await main(['grade', '--db', db, ...GRADE], small.io)).toBe(0);
    expect(small.err).toEqual([]);

    // Over it (the app's override makes this small file "big"): the same JSON, one line on stderr.
    const big = capture({ ...PASSWORD, CREDITDESK_SYNC_CHECK_MAX_BYTES: '1' });
    expect(await main(['grade', '--db', db, ...GRADE], big.io)).toBe(0);
    expect(Object.keys(JSON.parse(big.out[0] ?? '{}'))).toEqual(
      Object.keys(JSON.parse(small.out[0] ?? '{}')),
    );
    expect(big.err).toHaveLength(1);
    expect(big.err[0]).toMatch(/未做完整性检查.*creditdesk check --db /);

    // The read-only commands take the same bound: the rows as always, and the same one line.
    const listed = capture({ ...PASSWORD, CREDITDESK_SYNC_CHECK_MAX_BYTES: '1' });
    expect(await main(['entities', 'list', '--db', db, '--json', '--limit', '5'], listed.io)).toBe(0);
    expect(listed.out.map((line) => JSON.parse(line).id)).toHaveLength(5);
    expect(listed.err).toHaveLength(1);
    expect(listed.err[0]).toMatch(/未做完整性检查.*creditdesk check --db /);
    const audited = capture({ ...PASSWORD, CREDITDESK_SYNC_CHECK_MAX_BYTES: '1' });
    expect(await main(['audit', 'verify', '--db', db, '--json'], audited.io)).toBe(0);
    expect(audited.err[0]).toMatch(/未做完整性检查/);

    const sound = capture(PASSWORD);
    expect(await main(['check', '--db', db, '--json'], sound.io)).toBe(0);
    expect(JSON.parse(sound.out[0] ?? '{}')).toMatchObject({ ok: true });

    corrupt(db, 6, 8);
    const damaged = capture(PASSWORD);
    expect(await main(['check', '--db', db, '--json'], damaged.io)).toBe(1);
    expect(JSON.parse(damaged.out[0] ?? '{}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/损坏/),
    });
    // The grading command over the bound does not scan the file; under it, it refuses the damaged file.
    const refused = capture(PASSWORD);
    expect(await main(['grade', '--db', db, ...GRADE], refused.io)).toBe(2);
    expect(refused.err.join('')).toMatch(/损坏/);
    // So does listing it when it is under the bound.
    const listRefused = capture(PASSWORD);
    expect(await main(['entities', 'list', '--db', db, '--limit', '1'], listRefused.io)).toBe(2);
    expect(listRefused.err.join('')).toMatch(/损坏/);
  }, 60_000);
});
