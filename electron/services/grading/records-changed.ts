import type { Db } from '../../db/open.ts';

/**
 * Every service that adds, changes or removes credit records calls this inside the same transaction, so
 * the entities' current grades follow their records (issue 3 item 5: re-grade one entity ≤ 10 ms).
 * The grading area fills it in; callers only need this signature.
 */
export function onRecordsChanged(_db: Db, _entityIds: Iterable<number>, _at: string): void {}
