/**
 * writeUnjournaled: the write goes into the file without the WAL; every open made while it runs — what a
 * process started after a kill at that moment would find — is refused as incomplete; afterwards the file
 * is back in WAL, unmarked and whole. A failed write rolls back to the file as it was; a file another
 * connection holds stays in WAL.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { tempDir } from '../../test/helpers/tmp.ts';
import { newDataKey } from './keyfile.ts';
import { type Db, openDatabase } from './open.ts';
import {
  INCOMPLETE_DATABASE_MESSAGE,
  INCOMPLETE_WRITE_MARK,
  incompleteMarkerPath,
  writeUnjournaled,
} from './unjournaled-write.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function fresh(): { db: Db; path: string; key: Buffer } {
  const t = tempDir();
  const path = `${t.dir}/u.db`;
  const key = newDataKey();
  const db = openDatabase(path, key, { create: true });
  db.exec('CREATE TABLE t (x INTEGER NOT NULL)');
  db.prepare('INSERT INTO t VALUES (1)').run();
  cleanups.push(() => {
    if (db.open) db.close();
    t.cleanup();
  });
  return { db, path, key };
}

function refusal(path: string, key: Buffer, readonly = false): unknown {
  try {
    openDatabase(path, key, { readonly }).close();
    return null;
  } catch (e) {
    return e;
  }
}

const fill = (db: Db) =>
  db.transaction(() => {
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 2; i <= 5000; i++) insert.run(i);
  })();

describe('writeUnjournaled', () => {
  it('writes without the WAL; an open meanwhile is refused; afterwards the file is back in WAL, whole and unmarked', () => {
    const { db, path, key } = fresh();
    let during: {
      mode: unknown;
      wal: boolean;
      announced: boolean;
      refused: unknown;
      refusedReadonly: unknown;
    } | null = null;
    const result = writeUnjournaled(db, () => {
      fill(db);
      during = {
        mode: db.pragma('journal_mode', { simple: true }),
        wal: existsSync(`${path}-wal`),
        announced: existsSync(incompleteMarkerPath(path)),
        refused: refusal(path, key),
        refusedReadonly: refusal(path, key, true),
      };
      return 'done';
    });
    expect(result).toBe('done');
    expect(during).toMatchObject({ mode: 'memory', wal: false, announced: true });
    for (const e of [during!.refused, during!.refusedReadonly]) {
      expect(e).toBeInstanceOf(ApiError);
      expect(e).toMatchObject({ code: 'database_unreadable', message: INCOMPLETE_DATABASE_MESSAGE });
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('application_id', { simple: true })).toBe(0);
    expect(existsSync(incompleteMarkerPath(path))).toBe(false);
    db.close();
    const again = openDatabase(path, key);
    expect(again.prepare('SELECT count(*) FROM t').pluck().get()).toBe(5000);
    expect(again.pragma('quick_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('a write that fails rolls back: the file is the one before, in WAL and unmarked', () => {
    const { db, path, key } = fresh();
    expect(() =>
      writeUnjournaled(db, () =>
        db.transaction(() => {
          fill(db);
          throw new Error('stopped');
        })(),
      ),
    ).toThrow('stopped');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(0);
    expect(existsSync(incompleteMarkerPath(path))).toBe(false);
    db.close();
    const again = openDatabase(path, key);
    expect(again.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    again.close();
  });

  it('a file another connection has open stays in WAL, and is never marked', () => {
    const { db, path, key } = fresh();
    const reader = openDatabase(path, key);
    cleanups.push(() => reader.close());
    reader.prepare('SELECT count(*) FROM t').get();
    let mode: unknown;
    writeUnjournaled(db, () => {
      fill(db);
      mode = db.pragma('journal_mode', { simple: true });
    });
    expect(mode).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(0);
    expect(existsSync(incompleteMarkerPath(path))).toBe(false);
    expect(reader.prepare('SELECT count(*) FROM t').pluck().get()).toBe(5000);
  });

  it('a file announced incomplete by its neighbour, or by its own header, is refused by every open', () => {
    const byNeighbour = fresh();
    byNeighbour.db.close();
    writeFileSync(incompleteMarkerPath(byNeighbour.path), '');
    const byHeader = fresh();
    byHeader.db.pragma(`application_id = ${INCOMPLETE_WRITE_MARK}`);
    byHeader.db.close();
    for (const { path, key } of [byNeighbour, byHeader]) {
      expect(refusal(path, key)).toMatchObject({ message: INCOMPLETE_DATABASE_MESSAGE });
      expect(refusal(path, key, true)).toMatchObject({ message: INCOMPLETE_DATABASE_MESSAGE });
    }
  });
});
