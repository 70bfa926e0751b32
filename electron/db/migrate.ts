import { ApiError } from '../../shared/api/errors.ts';
import type { Db } from './open.ts';
import { MIGRATIONS } from './migrations/index.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
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
