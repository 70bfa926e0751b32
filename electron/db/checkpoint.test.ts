import { statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.ts';
import { leaveWalForLater, mergeWalSoon } from './checkpoint.ts';
import { type Db, openDatabase } from './open.ts';

/** About 12 MB of pages: well past the 1,000 pages at which a commit merges the log by itself. */
function writeALot(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS bulk (id INTEGER PRIMARY KEY, payload BLOB)');
  const insert = db.prepare('INSERT INTO bulk (payload) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(randomBytes(4000));
  })();
}

describe('checkpoints of a long job’s connection', () => {
  const opened: Db[] = [];
  let cleanup: (() => void) | undefined;
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    cleanup?.();
  });
  function open(): { db: Db; path: string; again: () => Db } {
    const dir = tempDir();
    cleanup = dir.cleanup;
    const path = join(dir.dir, 'c.db');
    const key = randomBytes(32);
    const db = openDatabase(path, key, { create: true });
    opened.push(db);
    return {
      db,
      path,
      again: () => {
        const other = openDatabase(path, key);
        opened.push(other);
        return other;
      },
    };
  }

  it('by default, the commit itself merges a large log into the database file', () => {
    const { db, path } = open();
    writeALot(db);
    expect(statSync(path).size).toBeGreaterThan(10_000_000);
  });

  it('left for later, the commit returns with the pages in the log, readable by others, and the merge after it moves them', () => {
    const { db, path, again } = open();
    leaveWalForLater(db);
    writeALot(db);
    expect(statSync(path).size).toBeLessThan(1_000_000);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(10_000_000);
    // Committed and durable: another connection reads every row before any merge.
    const reader = again();
    expect(reader.prepare('SELECT count(*) AS n FROM bulk').get()).toEqual({ n: 3000 });
    mergeWalSoon(db);
    expect(statSync(path).size).toBeGreaterThan(10_000_000);
    expect(reader.prepare('SELECT count(*) AS n FROM bulk').get()).toEqual({ n: 3000 });
  });
});
