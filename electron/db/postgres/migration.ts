import type { SyncConnection } from './sync-connection.ts';

/** A PostgreSQL migration: the twin of the SQLite migration with the same version (electron/db/migrations). */
export interface PgMigration {
  version: number;
  name: string;
  up(db: SyncConnection): void;
}
