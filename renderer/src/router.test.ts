import { describe, expect, it } from 'vitest';
import { NAV_PAGES, PAGE_TABS, parseHash, type Route, routeHref, tabOf } from './router.ts';

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
