/**
 * Text ordered by code point on both engines: SQLite's default BINARY collation already is; a PostgreSQL
 * database orders by its own collation (zh_CN.UTF-8 would put lists in another order than the desk),
 * so its statements say COLLATE "C". The SQLite text stays exactly as it was.
 */
import { type DataDoor, dialect, type SqlQuery, sql } from '../../../db/sql.ts';

export const codePointOrder = (db: DataDoor): SqlQuery =>
  dialect(db, { sqlite: sql.raw(''), postgres: sql.raw(' COLLATE "C"') });
