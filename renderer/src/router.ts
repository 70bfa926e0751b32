/**
 * Hash routing (`#/entities`, `#/entities/123`, `#/grading/models`). Works the same from file:// and
 * http://. The start URL's `#token=…` fragment is consumed by api.ts before anything reads the route.
 *
 * Tabs and views inside a page are part of the address too, so they can be linked, reloaded and come
 * back after a visit elsewhere: `#/<page>/<tab>`, and for 双随机抽查 the task views
 * `#/inspections/tasks/new`, `#/inspections/tasks/12` and `#/inspections/tasks/12/edit`.
 * The entity list's search and filters follow the path as search params
 * (`#/entities?q=食品&kind=individual&status=active&township=城关镇`), so a filtered list can be linked;
 * the 统计报表 page links a bar to its entities (`#/entities?jurisdiction=城关所&run=12&class=C`).
 */
import { useEffect, useState } from 'react';
import {
  ENTITY_KINDS,
  ENTITY_STATUSES,
  type EntityKind,
  type EntityStatus,
} from '../../shared/domain/entity.ts';

export const NAV_PAGES = [
  'dashboard',
  'entities',
  'grading',
  'inspections',
  'exchange',
  'objections',
  'monitoring',
  'reports',
  'admin',
] as const;
export type NavPage = (typeof NAV_PAGES)[number];

/** The tabs of each page that has them; the first is where the page opens unless the role rules it out. */
export const PAGE_TABS = {
  grading: ['runs', 'compare', 'models'],
  inspections: ['tasks', 'items', 'inspectors', 'conflicts', 'profiles', 'calendar'],
  exchange: ['import', 'history', 'export'],
  objections: ['repairs', 'objections'],
  monitoring: ['warnings', 'rules'],
  admin: ['users', 'audit', 'backup'],
} as const satisfies Partial<Record<NavPage, readonly string[]>>;
export type TabbedPage = keyof typeof PAGE_TABS;
export type TabOf<P extends TabbedPage> = (typeof PAGE_TABS)[P][number];

type TabRoute = { [P in TabbedPage]: { page: P; tab?: TabOf<P> } }[TabbedPage];
type PlainRoute = { page: Exclude<NavPage, TabbedPage | 'entities'> };

/** The entity list's search as the address carries it: the query trimmed, unknown values dropped. */
export interface EntityFilters {
  query: string;
  kind: EntityKind | null;
  status: EntityStatus | null;
  township: string | null;
  /** 管辖单位. */
  jurisdiction: string | null;
  /** GB/T 4754 section letter (门类). */
  section: string | null;
  /** Entities given one of `classes` by grading run `runId` (`?run=12&class=C,D`). */
  run: { runId: number; classes: string[] } | null;
}

export const NO_ENTITY_FILTERS: EntityFilters = {
  query: '',
  kind: null,
  status: null,
  township: null,
  jurisdiction: null,
  section: null,
  run: null,
};

/** Limits the entity search accepts (shared/api/contracts/core.ts): a longer linked value is dropped. */
const MAX_PLACE_LENGTH = 30;
const MAX_JURISDICTION_LENGTH = 60;
const SECTION = /^[A-T]$/;
const CLASS = /^[^,\s]{1,8}$/;
const MAX_CLASSES = 10;

/** The list's search box takes at most this many characters; a longer linked one is cut to fit. */
const MAX_QUERY_LENGTH = 100;

export type Route =
  | PlainRoute
  | TabRoute
  /** The entity list; without `filters` the address says nothing about them (the shell remembers). */
  | { page: 'entities'; filters?: EntityFilters }
  | { page: 'entity'; id: number }
  /** A task's plan, results and notices. */
  | { page: 'task'; id: number }
  /** The task wizard: a new task, or (with `id`) a draft carried on. */
  | { page: 'task-wizard'; id?: number };

const PATHS: Record<NavPage, string> = {
  dashboard: '/',
  entities: '/entities',
  grading: '/grading',
  inspections: '/inspections',
  exchange: '/exchange',
  objections: '/objections',
  monitoring: '/monitoring',
  reports: '/reports',
  admin: '/admin',
};

const ID = '(\\d{1,15})';
const ENTITY = new RegExp(`^/entities/${ID}$`);
const TASK = new RegExp(`^/inspections/tasks/${ID}$`);
const TASK_EDIT = new RegExp(`^/inspections/tasks/${ID}/edit$`);
const TASK_NEW = '/inspections/tasks/new';

function isTabbed(page: NavPage): page is TabbedPage {
  return page in PAGE_TABS;
}

function isTabOf<P extends TabbedPage>(page: P, tab: string): tab is TabOf<P> {
  return (PAGE_TABS[page] as readonly string[]).includes(tab);
}

function isOneOf<T extends string>(values: readonly T[], value: string | null): value is T {
  return value !== null && (values as readonly string[]).includes(value);
}

function placeParam(params: URLSearchParams, name: string, max: number): string | null {
  const value = params.get(name)?.trim() ?? '';
  return value === '' || value.length > max ? null : value;
}

/** `run=12&class=C,D`: both or nothing, the classes de-duplicated in the order given. */
function runParam(params: URLSearchParams): EntityFilters['run'] {
  const runId = Number(params.get('run') ?? '');
  const classes = [...new Set((params.get('class') ?? '').split(',').map((c) => c.trim()))].filter((c) =>
    CLASS.test(c),
  );
  if (!Number.isSafeInteger(runId) || runId <= 0 || classes.length === 0 || classes.length > MAX_CLASSES)
    return null;
  return { runId, classes };
}

/** The entity list's filters from the part after `?`; null when it names none. */
export function parseEntityFilters(search: string): EntityFilters | null {
  const params = new URLSearchParams(search.replace(/^\?/, ''));
  const kind = params.get('kind');
  const status = params.get('status');
  const section = params.get('section')?.trim().toUpperCase() ?? '';
  const filters: EntityFilters = {
    query: (params.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH),
    kind: isOneOf(ENTITY_KINDS, kind) ? kind : null,
    status: isOneOf(ENTITY_STATUSES, status) ? status : null,
    township: placeParam(params, 'township', MAX_PLACE_LENGTH),
    jurisdiction: placeParam(params, 'jurisdiction', MAX_JURISDICTION_LENGTH),
    section: SECTION.test(section) ? section : null,
    run: runParam(params),
  };
  return hasEntityFilter(filters) ? filters : null;
}

/** Whether any search or filter is set. */
export function hasEntityFilter(f: EntityFilters): boolean {
  return (
    f.query.trim() !== '' ||
    f.kind !== null ||
    f.status !== null ||
    f.township !== null ||
    f.jurisdiction !== null ||
    f.section !== null ||
    f.run !== null
  );
}

/** The part after `?` for the entity list's filters (`''` when there are none); only set ones are written. */
export function entityFiltersSearch(filters: EntityFilters): string {
  const params = new URLSearchParams();
  const query = filters.query.trim();
  if (query !== '') params.set('q', query);
  if (filters.kind !== null) params.set('kind', filters.kind);
  if (filters.status !== null) params.set('status', filters.status);
  if (filters.township !== null && filters.township.trim() !== '')
    params.set('township', filters.township.trim());
  if (filters.jurisdiction !== null && filters.jurisdiction.trim() !== '')
    params.set('jurisdiction', filters.jurisdiction.trim());
  if (filters.section !== null) params.set('section', filters.section);
  if (filters.run !== null) {
    params.set('run', String(filters.run.runId));
    params.set('class', filters.run.classes.join(','));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function parseHash(hash: string): Route {
  const full = hash.replace(/^#/, '');
  const at = full.indexOf('?');
  // Other routes ignore a query part (the 异议与修复 cases and the 监测预警 filters read theirs themselves).
  const path = (at < 0 ? full : full.slice(0, at)) || '/';
  const search = at < 0 ? '' : full.slice(at + 1);
  if (path === PATHS.entities) {
    const filters = parseEntityFilters(search);
    return filters ? { page: 'entities', filters } : { page: 'entities' };
  }
  const entity = ENTITY.exec(path);
  if (entity) return { page: 'entity', id: Number(entity[1]) };
  const task = TASK.exec(path);
  if (task) return { page: 'task', id: Number(task[1]) };
  const edit = TASK_EDIT.exec(path);
  if (edit) return { page: 'task-wizard', id: Number(edit[1]) };
  if (path === TASK_NEW) return { page: 'task-wizard' };
  for (const p of NAV_PAGES) {
    if (PATHS[p] === path) return { page: p } as Route;
    if (!isTabbed(p)) continue;
    const tab = path.startsWith(`${PATHS[p]}/`) ? path.slice(PATHS[p].length + 1) : null;
    if (tab !== null && isTabOf(p, tab)) return { page: p, tab } as Route;
  }
  return { page: 'dashboard' };
}

export function routeHref(route: Route): string {
  switch (route.page) {
    case 'entity':
      return `#/entities/${route.id}`;
    case 'task':
      return `#/inspections/tasks/${route.id}`;
    case 'task-wizard':
      return route.id === undefined ? `#${TASK_NEW}` : `#/inspections/tasks/${route.id}/edit`;
    case 'entities':
      return `#${PATHS.entities}${route.filters ? entityFiltersSearch(route.filters) : ''}`;
    default:
      return 'tab' in route && route.tab ? `#${PATHS[route.page]}/${route.tab}` : `#${PATHS[route.page]}`;
  }
}

/**
 * Goes to `route`. With `replace` the address is rewritten in place (a filter change is not a step
 * the back button should walk through); listeners hear it as a hash change all the same.
 */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = routeHref(route);
  if (window.location.hash === href) return;
  if (!options.replace) {
    window.location.hash = href;
    return;
  }
  window.history.replaceState(window.history.state, '', href);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The nav item a route belongs to (an entity's file belongs to 市场主体, a task to 双随机抽查). */
export function navPageOf(route: Route): NavPage {
  if (route.page === 'entity') return 'entities';
  if (route.page === 'task' || route.page === 'task-wizard') return 'inspections';
  return route.page;
}

/**
 * The tab a page shows: the one in the address when the page offers it (`available`), else the first
 * available. Task views belong to the 抽查任务 tab.
 */
export function tabOf<P extends TabbedPage>(
  route: Route,
  page: P,
  available: readonly TabOf<P>[],
): TabOf<P> | null {
  const wanted =
    route.page === page && 'tab' in route
      ? route.tab
      : page === 'inspections' && navPageOf(route) === 'inspections'
        ? 'tasks'
        : undefined;
  if (wanted !== undefined && (available as readonly string[]).includes(wanted)) return wanted as TabOf<P>;
  return available[0] ?? null;
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** A page's tab as state kept in the address: choosing a tab navigates to `#/<page>/<tab>`. */
export function useTab<P extends TabbedPage>(
  page: P,
  available: readonly TabOf<P>[],
): [TabOf<P> | null, (tab: string | null) => void] {
  const route = useRoute();
  const tab = tabOf(route, page, available);
  const choose = (next: string | null) => {
    if (next !== null && isTabOf(page, next)) navigate({ page, tab: next } as Route);
  };
  return [tab, choose];
}
