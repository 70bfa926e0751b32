/**
 * The warning list's filters and the open warning as part of the address
 * (`#/monitoring/warnings?rule=same_address&level=高&township=东城街道&warning=12`), so a filtered list can be
 * linked, survives a reload and comes back with the back button.
 */
import {
  WARNING_LEVEL_VALUES,
  WARNING_RULES,
  WARNING_STATUSES,
  type WarningFilter,
  type WarningStatus,
} from '../../../../shared/api/contracts/monitoring.ts';

export interface WarningView {
  rule: (typeof WARNING_RULES)[number] | null;
  level: (typeof WARNING_LEVEL_VALUES)[number] | null;
  /** null: every warning still being handled; 'all': closed and dismissed ones too. */
  status: WarningStatus | 'all' | null;
  township: string | null;
  q: string;
  /** The warning open beside the list. */
  warning: number | null;
}

export const NO_WARNING_FILTERS: WarningView = {
  rule: null,
  level: null,
  status: null,
  township: null,
  q: '',
  warning: null,
};

const MAX_QUERY_LENGTH = 100;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** The filters in an address; unknown values are dropped rather than sent to the backend. */
export function parseWarningView(hash: string): WarningView {
  const at = hash.indexOf('?');
  const params = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
  const status = params.get('status');
  const township = params.get('township')?.trim() ?? '';
  const warning = /^\d{1,15}$/.exec(params.get('warning') ?? '');
  return {
    rule: oneOf(WARNING_RULES, params.get('rule')),
    level: oneOf(WARNING_LEVEL_VALUES, params.get('level')),
    status: status === 'all' ? 'all' : oneOf(WARNING_STATUSES, status),
    township: township === '' ? null : township.slice(0, 30),
    q: (params.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH),
    warning: warning ? Number(warning[0]) : null,
  };
}

/** The address of the warnings tab showing `view` (only the set values are written). */
export function warningViewHref(view: WarningView): string {
  const params = new URLSearchParams();
  if (view.rule) params.set('rule', view.rule);
  if (view.level) params.set('level', view.level);
  if (view.status) params.set('status', view.status);
  if (view.township) params.set('township', view.township);
  if (view.q.trim()) params.set('q', view.q.trim());
  if (view.warning !== null) params.set('warning', String(view.warning));
  const text = params.toString();
  return `#/monitoring/warnings${text ? `?${text}` : ''}`;
}

/** The list call's filter for a view: a chosen status searches closed and dismissed warnings too. */
export function listFilter(view: WarningView): WarningFilter {
  const filter: WarningFilter = { state: view.status === null ? 'active' : 'all' };
  if (view.rule) filter.rule = view.rule;
  if (view.level) filter.level = view.level;
  if (view.status && view.status !== 'all') filter.status = view.status;
  if (view.township) filter.township = view.township;
  if (view.q.trim()) filter.q = view.q.trim();
  return filter;
}
