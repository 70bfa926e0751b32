/** Shared set-up of the exchange tests: a fresh encrypted database with an admin, helpers to write sheets. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { Backend } from '../../electron/backend/backend.ts';
import type { Db } from '../../electron/db/open.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

export const PASSWORD = 'county-secret-1';

export interface Fixture {
  backend: Backend;
  db: Db;
  actor: Actor;
  dir: string;
  dbPath: string;
  close(): void;
}

export async function openFixture(demoEntities = 0): Promise<Fixture> {
  const t = tempDir();
  const dbPath = join(t.dir, 'county.db');
  const backend = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT });
  await backend.call('app.setup', {
    admin: { username: 'admin', displayName: '管理员', password: PASSWORD },
    county: TEST_COUNTY,
    demo: demoEntities > 0 ? { entities: demoEntities, seed: 'exchange' } : null,
  });
  return {
    backend,
    db: backend.db(),
    actor: backend.user(),
    dir: t.dir,
    dbPath,
    close() {
      backend.close();
      t.cleanup();
    },
  };
}

/** Writes rows (first row = header unless `above` rows come first) as an .xlsx; every cell as given. */
export function writeSheet(path: string, rows: unknown[][], sheetName = 'Sheet1'): string {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), sheetName);
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: path.endsWith('.csv') ? 'csv' : 'xlsx' }));
  return path;
}

/** Every row of the credit-file tables, for exact before/after comparisons. */
export function dumpTables(db: Db): {
  entities: unknown[];
  records: unknown[];
  fts: unknown[];
  triggers: unknown[];
  indexes: unknown[];
} {
  return {
    entities: db.prepare('SELECT * FROM entities ORDER BY id').all(),
    records: db.prepare('SELECT * FROM records ORDER BY id').all(),
    fts: db.prepare('SELECT rowid, name FROM entities_fts ORDER BY rowid').all(),
    triggers: db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all(),
    // A large import drops secondary indexes and builds them at the end: they must all be back.
    indexes: db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all(),
  };
}

/** Throws when a name index disagrees with the entities table (FTS5 integrity-check). */
export function checkNameIndexes(db: Db): void {
  db.prepare("INSERT INTO entities_fts (entities_fts) VALUES ('integrity-check')").run();
  db.prepare("INSERT INTO entities_chars (entities_chars) VALUES ('integrity-check')").run();
}
