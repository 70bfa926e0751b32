/**
 * The tables an import batch writes and its undo log (exchange_changes) names: by their INTEGER PRIMARY
 * KEY `id`, or by other key columns (the sampling area's tables), in the order of their logged keys.
 */
export const ID_TABLES: readonly string[] = ['entities', 'records', 'inspectors'];

export const KEYED_TABLES: Readonly<Record<string, readonly string[]>> = {
  inspector_conflicts: ['employee_no', 'entity_code'],
  inspection_items: ['code'],
  calendar_days: ['date'],
  // A plan's result row filled by an imported inspection result (import/plan-results.ts).
  inspection_results: ['plan_id', 'entity_id'],
};

/** A table row as stored, column by column: what the undo log keeps as a before-image. */
export type StoredRow = Record<string, string | number | bigint | null | Uint8Array>;
