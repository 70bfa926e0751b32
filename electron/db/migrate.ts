import { ApiError } from '../../shared/api/errors.ts';
import type { Db } from './open.ts';
import { MIGRATIONS } from './migrations/index.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
  /**
   * The version only counts on the desk (its PostgreSQL twin changes the server's schema): nothing of
   * the file changes, so opening a database for it needs no integrity check first.
   */
  countsOnly?: true;
}

/**
 * Whether a database at `version` has a migration ahead that changes the file: openAndMigrate checks
 * the file first then, whatever the caller deferred (a whole-file check takes half a minute at 1 M).
 */
export function fileChangePending(version: number, migrations: readonly Migration[] = MIGRATIONS): boolean {
  return migrations.some((m) => m.version > version && !m.countsOnly);
}

/** Applies every migration above PRAGMA user_version, each in its own transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new ApiError('database_unreadable', '该数据库由更新版本的程序创建，请升级 CreditDesk 后再打开。');
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}
