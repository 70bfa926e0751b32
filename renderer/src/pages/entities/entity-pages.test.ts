import { describe, expect, it } from 'vitest';
import { hasFilter, NO_FILTERS, PAGE_SIZE, pageInput, pagesOfRows, rowSlot } from './entity-pages.ts';

describe('entity list pages', () => {
  it('asks for the pages under the rows shown, each once', () => {
    expect(pagesOfRows(0, 0)).toEqual([0]);
    expect(pagesOfRows(0, PAGE_SIZE - 1)).toEqual([0]);
    expect(pagesOfRows(PAGE_SIZE - 5, PAGE_SIZE + 5)).toEqual([0, 1]);
    expect(pagesOfRows(250, 520)).toEqual([2, 3, 4, 5]);
  });

  it('asks for nothing when no row is shown', () => {
    expect(pagesOfRows(0, -1)).toEqual([]);
    expect(pagesOfRows(-1, 3)).toEqual([]);
  });

  it('finds a row on its page', () => {
    expect(rowSlot(0)).toEqual({ page: 0, at: 0 });
    expect(rowSlot(PAGE_SIZE)).toEqual({ page: 1, at: 0 });
    expect(rowSlot(3 * PAGE_SIZE + 7)).toEqual({ page: 3, at: 7 });
  });

  it('turns a page of a search into the backend call', () => {
    expect(pageInput({ ...NO_FILTERS, query: '茶', township: '城关镇' }, 2)).toEqual({
      query: '茶',
      kind: null,
      status: null,
      township: '城关镇',
      jurisdiction: null,
      section: null,
      run: null,
      offset: 2 * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
  });

  it('knows a search narrowed by anything from the whole list', () => {
    expect(hasFilter(NO_FILTERS)).toBe(false);
    expect(hasFilter({ ...NO_FILTERS, query: '   ' })).toBe(false);
    expect(hasFilter({ ...NO_FILTERS, kind: 'individual' })).toBe(true);
    expect(hasFilter({ ...NO_FILTERS, section: 'F' })).toBe(true);
    expect(hasFilter({ ...NO_FILTERS, run: { runId: 3, classes: ['C'] } })).toBe(true);
  });
});
