import type { Migration } from '../migrate.ts';

/** The rows officers edit in place; each gets a version the edit calls compare (issue 17 item 3). */
export const ROW_VERSIONED_TABLES = [
  'users',
  'inspection_items',
  'inspectors',
  'inspector_conflicts',
  'ratio_profiles',
  'calendar_days',
  'inspection_tasks',
  'inspection_results',
] as const;

/**
 * Optimistic concurrency: `row_version` starts at 1 and every UPDATE of the row adds one in the
 * repository's own statement (not a trigger, so the statement can return the new value). An edit that
 * names the version it showed is refused when the row moved on, so the second of two officers is told
 * instead of silently overwriting the first. Existing rows start at 1; a constant default rewrites
 * nothing, so the migration costs nothing at any size.
 */
export const m016RowVersions: Migration = {
  version: 16,
  name: 'row_versions',
  up(db) {
    db.exec(
      ROW_VERSIONED_TABLES.map(
        (t) => `ALTER TABLE ${t} ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1 CHECK (row_version >= 1);`,
      ).join('\n'),
    );
  },
};
