import { describe, expect, it } from 'vitest';
import {
  type EntityFilters,
  entityFiltersSearch,
  NAV_PAGES,
  NO_ENTITY_FILTERS,
  PAGE_TABS,
  parseEntityFilters,
  parseHash,
  type Route,
  routeHref,
  tabOf,
} from './router.ts';

describe('parseHash and routeHref', () => {
  const routes: Route[] = [
    { page: 'dashboard' },
    ...NAV_PAGES.map((page) => ({ page }) as Route),
    { page: 'entity', id: 42 },
    { page: 'task', id: 7 },
    { page: 'task-wizard' },
    { page: 'task-wizard', id: 7 },
    { page: 'grading', tab: 'models' },
    { page: 'inspections', tab: 'calendar' },
    { page: 'exchange', tab: 'history' },
    { page: 'admin', tab: 'backup' },
  ];

  it.each(routes.map((r) => [routeHref(r), r] as const))(
    '%s reads back as the route it was written from',
    (href, route) => {
      expect(parseHash(href)).toEqual(route);
    },
  );

  it('keeps the addresses links and the 工作台 already use', () => {
    expect(routeHref({ page: 'dashboard' })).toBe('#/');
    expect(routeHref({ page: 'entity', id: 12 })).toBe('#/entities/12');
    expect(routeHref({ page: 'task', id: 3 })).toBe('#/inspections/tasks/3');
    expect(routeHref({ page: 'inspections' })).toBe('#/inspections');
  });

  it('writes tabs and task views as sub-paths', () => {
    expect(routeHref({ page: 'grading', tab: 'compare' })).toBe('#/grading/compare');
    expect(routeHref({ page: 'task-wizard' })).toBe('#/inspections/tasks/new');
    expect(routeHref({ page: 'task-wizard', id: 5 })).toBe('#/inspections/tasks/5/edit');
  });

  it('reads the 抽查任务 tab address as the tab, not as a task', () => {
    expect(parseHash('#/inspections/tasks')).toEqual({ page: 'inspections', tab: 'tasks' });
  });

  it('opens the 工作台 for what it does not know', () => {
    for (const hash of [
      '',
      '#',
      '#/nowhere',
      '#/entities/abc',
      '#/entities/1234567890123456',
      '#/grading/nope',
    ]) {
      expect(parseHash(hash)).toEqual({ page: 'dashboard' });
    }
  });

  it('ignores a query part after the path', () => {
    expect(parseHash('#/entities/9?from=dashboard')).toEqual({ page: 'entity', id: 9 });
  });

  it('gives tabs only to pages that have them', () => {
    expect(parseHash('#/reports/models')).toEqual({ page: 'dashboard' });
    expect(parseHash('#/grading/calendar')).toEqual({ page: 'dashboard' });
  });
});

describe('tabOf', () => {
  it('takes the tab from the address when the page offers it', () => {
    expect(tabOf({ page: 'grading', tab: 'models' }, 'grading', PAGE_TABS.grading)).toBe('models');
  });

  it('keeps the 异议与修复 area in the address, a linked case after it', () => {
    expect(parseHash('#/objections/objections?case=3')).toEqual({ page: 'objections', tab: 'objections' });
    expect(routeHref({ page: 'objections', tab: 'repairs' })).toBe('#/objections/repairs');
    expect(tabOf({ page: 'objections' }, 'objections', PAGE_TABS.objections)).toBe('repairs');
  });

  it('falls back to the first available tab when the role rules the linked one out', () => {
    expect(tabOf({ page: 'admin', tab: 'backup' }, 'admin', ['users', 'audit'])).toBe('users');
    expect(tabOf({ page: 'exchange' }, 'exchange', ['history', 'export'])).toBe('history');
  });

  it('puts task views under the 抽查任务 tab', () => {
    expect(tabOf({ page: 'task', id: 1 }, 'inspections', PAGE_TABS.inspections)).toBe('tasks');
    expect(tabOf({ page: 'task-wizard' }, 'inspections', PAGE_TABS.inspections)).toBe('tasks');
  });

  it('has no tab when none is available', () => {
    expect(tabOf({ page: 'admin' }, 'admin', [])).toBeNull();
  });
});

describe('the entity list filters in the address', () => {
  const all: EntityFilters = {
    query: '食品 超市',
    kind: 'individual',
    status: 'active',
    township: '城关镇',
    jurisdiction: '城关市场监管所',
    section: 'F',
    run: { runId: 12, classes: ['C', 'D'] },
  };

  it('reads back every filter it wrote, Chinese and spaces included', () => {
    const href = routeHref({ page: 'entities', filters: all });
    expect(href.startsWith('#/entities?')).toBe(true);
    expect(parseHash(href)).toEqual({ page: 'entities', filters: all });
  });

  it('writes only the filters that are set, and none as the bare list', () => {
    expect(entityFiltersSearch({ ...NO_ENTITY_FILTERS, status: 'revoked' })).toBe('?status=revoked');
    expect(entityFiltersSearch(NO_ENTITY_FILTERS)).toBe('');
    expect(routeHref({ page: 'entities', filters: NO_ENTITY_FILTERS })).toBe('#/entities');
    expect(routeHref({ page: 'entities', filters: { ...NO_ENTITY_FILTERS, query: '   ' } })).toBe(
      '#/entities',
    );
  });

  it('reads a bare list address as saying nothing about filters', () => {
    expect(parseHash('#/entities')).toEqual({ page: 'entities' });
    expect(parseHash('#/entities?')).toEqual({ page: 'entities' });
    expect(parseEntityFilters('?from=dashboard')).toBeNull();
  });

  it('drops values it does not know and trims the query to what the search box takes', () => {
    expect(parseEntityFilters('kind=bank&status=gone&township=%20%20')).toBeNull();
    expect(parseEntityFilters(`?q=${'甲'.repeat(120)}&kind=enterprise`)).toEqual({
      ...NO_ENTITY_FILTERS,
      query: '甲'.repeat(100),
      kind: 'enterprise',
    });
    expect(parseEntityFilters('?q=%20abc%20')).toEqual({ ...NO_ENTITY_FILTERS, query: 'abc' });
  });

  it('reads a hand-typed address with raw Chinese', () => {
    expect(parseHash('#/entities?township=城关镇')).toEqual({
      page: 'entities',
      filters: { ...NO_ENTITY_FILTERS, township: '城关镇' },
    });
  });

  it('reads the 统计报表 click-through filters, and a run only with its classes', () => {
    expect(parseEntityFilters('?jurisdiction=河口所&section=h&run=7&class=C')).toEqual({
      ...NO_ENTITY_FILTERS,
      jurisdiction: '河口所',
      section: 'H',
      run: { runId: 7, classes: ['C'] },
    });
    expect(entityFiltersSearch({ ...NO_ENTITY_FILTERS, run: { runId: 7, classes: ['C', 'D'] } })).toBe(
      '?run=7&class=C%2CD',
    );
    expect(parseEntityFilters('?run=7')).toBeNull();
    expect(parseEntityFilters('?class=C')).toBeNull();
    expect(parseEntityFilters('?run=0&class=C')).toBeNull();
    expect(parseEntityFilters('?run=7&class=C,,C, D')).toEqual({
      ...NO_ENTITY_FILTERS,
      run: { runId: 7, classes: ['C', 'D'] },
    });
    expect(parseEntityFilters(`?section=F52&township=${'镇'.repeat(31)}`)).toBeNull();
  });

  it('keeps the filters off the credit file addresses', () => {
    expect(parseHash('#/entities/12?q=abc')).toEqual({ page: 'entity', id: 12 });
  });
});
