/**
 * One suite body, run once per engine (issue 17 item 5): `forEachEngine(name, body)` declares the
 * suite on SQLite (an encrypted file in a temp folder, as the desk) and on PostgreSQL (describePg: a
 * throwaway cluster for the file; skipped visibly where PostgreSQL is absent, failing in CI). The body
 * asks `fresh()` inside each test for an empty, migrated database of its engine.
 *
 * On PostgreSQL the migrations run once, into a template database; each fresh database is a copy of
 * it (CREATE DATABASE … TEMPLATE: ~0.1 s against ~0.4 s for the migrations).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { openAndMigrate } from '../../electron/db/open.ts';
import { openAndMigratePg, openPgDb, type PgDatabase } from '../../electron/db/postgres/pg-db.ts';
import { openSyncConnection, type SyncConnection } from '../../electron/db/postgres/sync-connection.ts';
import type { DataDoor } from '../../electron/db/sql.ts';
import { describePg, type PgCluster, startPgCluster } from './pg-cluster.ts';
import { tempDir } from './tmp.ts';

export type Engine = 'sqlite' | 'postgres';

export interface FreshDb {
  engine: Engine;
  db: DataDoor;
  /**
   * Where the desk keeps the files beside its database (key file, failed-login file, pending audit
   * entries): the database file itself on SQLite, a path in a temp folder on PostgreSQL.
   */
  dbPath: string;
  /** Another connection to the same database (PostgreSQL: a second officer; SQLite: a second handle). */
  connectAgain(): DataDoor;
  /** postgres://… of this database (PostgreSQL only). */
  url?: string;
}

export type EngineSuite = (fresh: () => FreshDb, engine: Engine) => void;

/**
 * Starting a cluster and stopping it (removing a folder with a dozen databases) took over vitest's
 * 10 s on the shared build machine under load, failing a suite whose every test had passed.
 */
const CLUSTER_HOOK_MS = 60_000;

export function forEachEngine(name: string, body: EngineSuite): void {
  describe(`${name} · SQLite`, () => {
    const open: { close(): void }[] = [];
    const folders: (() => void)[] = [];
    afterEach(() => {
      for (const db of open.splice(0)) db.close();
      for (const cleanup of folders.splice(0)) cleanup();
    });
    body(() => {
      const t = tempDir();
      folders.push(t.cleanup);
      const dbPath = join(t.dir, 'creditdesk.db');
      const key = randomBytes(32);
      const db = openAndMigrate(dbPath, key, { create: true });
      open.push(db);
      return {
        engine: 'sqlite',
        db,
        dbPath,
        connectAgain: () => {
          const again = openAndMigrate(dbPath, key);
          open.push(again);
          return again;
        },
      };
    }, 'sqlite');
  });

  describePg(`${name} · PostgreSQL`, () => {
    const fresh = freshPgDatabases();
    body(() => {
      const { db, url, connectAgain, dbPath } = fresh();
      return { engine: 'postgres', db, dbPath, connectAgain, url };
    }, 'postgres');
  });
}

export interface FreshPg {
  db: PgDatabase;
  url: string;
  connectAgain(): PgDatabase;
  /** A path in a temp folder, for the files a server keeps (staging). */
  dbPath: string;
}

/**
 * Inside a describePg: a throwaway cluster for the suite, and `fresh()` for each test, an empty database
 * copied from a migrated template. Connections and folders are closed after each test.
 */
export function freshPgDatabases(): () => FreshPg {
  let cluster: PgCluster | undefined;
  let admin: SyncConnection | undefined;
  let made = 0;
  const open: { close(): void }[] = [];
  const folders: (() => void)[] = [];
  beforeAll(async () => {
    cluster = await startPgCluster();
    admin = openSyncConnection(cluster.url);
    admin.exec('CREATE DATABASE cd_migrated');
    // As a server opens its database (openAndMigratePg): the migrations, then the built-in rule set.
    openAndMigratePg(urlOf(cluster, 'cd_migrated')).close();
  }, CLUSTER_HOOK_MS);
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
    for (const cleanup of folders.splice(0)) cleanup();
  });
  afterAll(() => {
    admin?.close();
    cluster?.stop();
  }, CLUSTER_HOOK_MS);
  return () => {
    if (!cluster || !admin) throw new Error('the PostgreSQL cluster did not start');
    const name = `cd_test_${++made}`;
    admin.exec(`CREATE DATABASE ${name} TEMPLATE cd_migrated`);
    const url = urlOf(cluster, name);
    const connect = () => {
      const db = openPgDb(url);
      open.push(db);
      return db;
    };
    const t = tempDir();
    folders.push(t.cleanup);
    return { db: connect(), url, connectAgain: connect, dbPath: join(t.dir, 'creditdesk.db') };
  };
}

function urlOf(cluster: PgCluster, database: string): string {
  return cluster.url.replace(/\/[^/]+$/, `/${database}`);
}
