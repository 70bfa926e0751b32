/**
 * A read that must see one consistent state of the database from its first statement to its last: an
 * export written in pages, a report built from a dozen queries. On SQLite any transaction is such a
 * snapshot (one writer, readers see the state their transaction began with). On PostgreSQL a READ
 * COMMITTED transaction lets each statement see the latest commits, so an import committing midway would
 * split the figures: the transaction is made REPEATABLE READ. Nested in a caller's unit of work it joins
 * that one as it is (the level can only be set at a transaction's start).
 *
 * Keep writes out of `fn` on PostgreSQL: a REPEATABLE READ transaction that updates a row another
 * committed since (the audit chain's head) fails with a serialization error. Audit the read afterwards.
 */
import { type DataDoor, isPg, script, unitOfWork } from './sql.ts';

export function readSnapshot<T>(db: DataDoor, fn: () => T): T {
  if (!isPg(db) || db.inUnitOfWork) return unitOfWork(db, fn);
  return unitOfWork(db, () => {
    script(db, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    return fn();
  });
}
