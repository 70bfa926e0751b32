/**
 * Hash routing (`#/entities`, `#/entities/123`). Works the same from file:// and http://. The start URL's
 * `#token=…` fragment is consumed by api.ts before anything reads the route.
 */
import { useEffect, useState } from 'react';

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

export type Route = { page: NavPage } | { page: 'entity'; id: number } | { page: 'task'; id: number };

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

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const entity = /^\/entities\/(\d{1,15})$/.exec(path);
  if (entity) return { page: 'entity', id: Number(entity[1]) };
  const task = /^\/inspections\/tasks\/(\d{1,15})$/.exec(path);
  if (task) return { page: 'task', id: Number(task[1]) };
  for (const p of NAV_PAGES) if (PATHS[p] === path) return { page: p };
  return { page: 'dashboard' };
}

export function routeHref(route: Route): string {
  if (route.page === 'entity') return `#/entities/${route.id}`;
  if (route.page === 'task') return `#/inspections/tasks/${route.id}`;
  return `#${PATHS[route.page]}`;
}

export function navigate(route: Route): void {
  const href = routeHref(route);
  if (window.location.hash !== href) window.location.hash = href;
}

/** The nav item a route belongs to (an entity's file belongs to 市场主体, a task to 双随机抽查). */
export function navPageOf(route: Route): NavPage {
  if (route.page === 'entity') return 'entities';
  if (route.page === 'task') return 'inspections';
  return route.page;
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
