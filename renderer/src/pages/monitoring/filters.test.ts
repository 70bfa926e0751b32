import { describe, expect, it } from 'vitest';
import { listFilter, NO_WARNING_FILTERS, parseWarningView, warningViewHref } from './filters.ts';

describe('warning filters in the address', () => {
  it('round-trips every filter and the open warning', () => {
    const view = {
      rule: 'same_address' as const,
      level: '高' as const,
      status: 'confirmed' as const,
      township: '东城街道',
      q: '商务秘书',
      warning: 12,
    };
    const href = warningViewHref(view);
    expect(href.startsWith('#/monitoring/warnings?')).toBe(true);
    expect(parseWarningView(href)).toEqual(view);
  });

  it('writes nothing for no filters and drops unknown values', () => {
    expect(warningViewHref(NO_WARNING_FILTERS)).toBe('#/monitoring/warnings');
    expect(
      parseWarningView('#/monitoring/warnings?rule=nope&level=极高&status=gone&warning=x&q=%20a%20'),
    ).toEqual({
      ...NO_WARNING_FILTERS,
      q: 'a',
    });
  });

  it('lists warnings still being handled unless a status is chosen', () => {
    expect(listFilter(NO_WARNING_FILTERS)).toEqual({ state: 'active' });
    expect(listFilter({ ...NO_WARNING_FILTERS, status: 'closed' })).toEqual({
      state: 'all',
      status: 'closed',
    });
    expect(listFilter({ ...NO_WARNING_FILTERS, status: 'all', township: '柳园镇' })).toEqual({
      state: 'all',
      township: '柳园镇',
    });
  });
});
