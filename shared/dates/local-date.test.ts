import { afterEach, describe, expect, it } from 'vitest';
import { localDateTime, localIsoDate } from './iso-date.ts';

describe('localIsoDate', () => {
  const original = process.env.TZ;
  afterEach(() => {
    // Node applies a TZ assignment at once; put the machine's zone back for the other tests.
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it('is the China calendar day, not the UTC one, before 08:00 in China', () => {
    process.env.TZ = 'Asia/Shanghai';
    expect(localIsoDate('2026-11-20T23:30:00.000Z')).toBe('2026-11-21');
    expect(localIsoDate('2026-11-21T15:59:59.000Z')).toBe('2026-11-21');
    expect(localIsoDate('2026-11-21T16:00:00.000Z')).toBe('2026-11-22');
  });

  it('follows the machine zone (UTC gives the UTC day)', () => {
    process.env.TZ = 'UTC';
    expect(localIsoDate('2026-11-20T23:30:00.000Z')).toBe('2026-11-20');
  });

  it('reads a Date or a timestamp on the machine clock', () => {
    process.env.TZ = 'Asia/Shanghai';
    expect(localIsoDate(new Date('2026-11-20T23:30:00.000Z'))).toBe('2026-11-21');
    expect(localDateTime('2026-11-21T06:35:50.123Z')).toBe('2026-11-21 14:35');
    expect(localDateTime(new Date('2026-11-21T06:35:09.000Z'), { seconds: true })).toBe(
      '2026-11-21 14:35:09',
    );
    expect(localDateTime('不是时间')).toBe('不是时间');
  });
});
