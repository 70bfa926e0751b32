/**
 * Brings a PostgreSQL database's schema up to date: the twin of electron/db/migrate.ts. SQLite keeps the
 * version in PRAGMA user_version; here a `schema_version` table has one row per applied migration, and
 * the version is its highest. Each migration runs in its own transaction with its row, so a failed one
 * leaves the database at the version before it. Servers starting at once take turns on an advisory
 * lock, and each re-reads the version under it, so a migration never runs twice.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import type { PgMigration } from './migration.ts';
import { PG_MIGRATIONS } from './migrations/index.ts';
import type { SyncConnection } from './sync-connection.ts';

/** The advisory-lock key of schema changes (any constant of our own; 0x43445348 is "CDSH"). */
const MIGRATION_LOCK = 0x43445348;

/** The version the database is at: 0 for an empty one. */
export function schemaVersion(db: SyncConnection): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at text NOT NULL
  )`);
  const [row] = db.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM schema_version');
  return row?.v ?? 0;
}

/** Applies every migration above the database's version; answers the latest version. */
export function migratePg(db: SyncConnection, migrations: readonly PgMigration[] = PG_MIGRATIONS): number {
  const latest = migrations.at(-1)?.version ?? 0;
  for (const m of migrations) {
    db.transaction(() => {
      db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const current = schemaVersion(db);
      if (current > latest) {
        throw new ApiError(
          'database_unreadable',
          '该数据库由更新版本的程序创建，请升级 CreditDesk 后再连接。',
        );
      }
      if (m.version <= current) return;
      m.up(db);
      db.run('INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    });
  }
  return latest;
}
