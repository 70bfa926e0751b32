import { describe, expect, it } from 'vitest';
import { gradingReadersFromEnv } from './readers-from-env.ts';

const KEY = new Uint8Array(32);

describe('CREDITDESK_GRADING_READERS', () => {
  it('0 runs serially (no readers at all)', () => {
    expect(gradingReadersFromEnv('0', '/x.db', KEY)).toBeUndefined();
  });

  it('N > 0 forces N readers at any size', () => {
    expect(gradingReadersFromEnv('2', '/x.db', KEY)).toEqual({
      dbPath: '/x.db',
      key: KEY,
      readers: 2,
      minEntities: 0,
    });
  });

  it('unset, empty or not a whole number leaves the choice to the run', () => {
    for (const v of [undefined, '', ' ', 'two', '1.5', '-1']) {
      const r = gradingReadersFromEnv(v, '/x.db', KEY);
      expect(r).toEqual({ dbPath: '/x.db', key: KEY });
    }
  });
});
