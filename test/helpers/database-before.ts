import { newDataKey } from '../../electron/db/keyfile.ts';
import { migrate } from '../../electron/db/migrate.ts';
import { MIGRATIONS } from '../../electron/db/migrations/index.ts';
import { type Db, openDatabase } from '../../electron/db/open.ts';
import { tempDir } from './tmp.ts';

/**
 * A new encrypted database with every migration before `version` applied, for that migration's own
 * test to fill with the rows the migration must carry over. `cleanup` removes the folder (close first).
 */
export function databaseBefore(version: number): { db: Db; cleanup: () => void } {
  const t = tempDir();
  const db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version < version),
  );
  return { db, cleanup: t.cleanup };
}
