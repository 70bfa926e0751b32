import { describe, expect, it } from 'vitest';
import { apiQueryKey, EVERY_AREA, keyInScope } from './query-keys.ts';

describe('apiQueryKey', () => {
  it('is the method and its input, so equal questions share an answer', () => {
    expect(apiQueryKey('sampling.calendar.list', { year: 2026 })).toEqual(
      apiQueryKey('sampling.calendar.list', { year: 2026 }),
    );
    expect(apiQueryKey('sampling.calendar.list', { year: 2026 })).not.toEqual(
      apiQueryKey('sampling.calendar.list', { year: 2027 }),
    );
    expect(apiQueryKey('sampling.tasks.get', { taskId: 3 })).toEqual([
      'api',
      'sampling.tasks.get',
      { taskId: 3 },
    ]);
  });
});

describe('keyInScope', () => {
  const key = apiQueryKey('sampling.items.list', {});

  it('covers a method by its name and by each of its area prefixes', () => {
    expect(keyInScope(key, 'sampling.items.list')).toBe(true);
    expect(keyInScope(key, 'sampling.items')).toBe(true);
    expect(keyInScope(key, 'sampling')).toBe(true);
  });

  it('stops prefixes at a dot', () => {
    expect(keyInScope(key, 'sampling.item')).toBe(false);
    expect(keyInScope(key, 'sampl')).toBe(false);
    expect(keyInScope(apiQueryKey('sampling.tasks.get', { taskId: 1 }), 'sampling.items')).toBe(false);
  });

  it('covers every backend answer for a change that touches every area, and nothing else', () => {
    expect(keyInScope(key, EVERY_AREA)).toBe(true);
    expect(keyInScope(apiQueryKey('app.status', {}), EVERY_AREA)).toBe(true);
    expect(keyInScope(['not-api', 'sampling.items.list'], EVERY_AREA)).toBe(false);
    expect(keyInScope([], 'sampling')).toBe(false);
  });
});
