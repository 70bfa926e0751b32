import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { m001Initial } from './001_initial.ts';
import { m002NameCharIndex } from './002_name_char_index.ts';

describe('migration 002_name_char_index', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  const at = '2026-01-01T00:00:00Z';
  const insert = (uscc: string, name: string) =>
    db
      .prepare(
        "INSERT INTO entities (uscc, name, kind, status, created_at, updated_at) VALUES (?, ?, 'individual', 'active', ?, ?)",
      )
      .run(uscc, name, at, at).lastInsertRowid;
  const match = (fragment: string) =>
    (
      db
        .prepare('SELECT rowid FROM entities_chars WHERE entities_chars MATCH ? ORDER BY rowid')
        .all(`"${[...fragment].join(' ')}"`) as { rowid: number }[]
    ).map((r) => r.rowid);

  it('indexes names that existed before the migration, then follows inserts, renames and deletes', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(db, [m001Initial]);
    const before = insert('A1', '河口镇利民便利店');
    migrate(db, [m001Initial, m002NameCharIndex]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(match('利民')).toEqual([before]);

    const after = insert('A2', '示范县鑫源商贸有限公司');
    expect(match('鑫')).toEqual([after]);
    expect(match('鑫源')).toEqual([after]);
    expect(match('源鑫')).toEqual([]); // order matters: a phrase, not a bag of characters
    expect(match('店')).toEqual([before]);

    db.prepare("UPDATE entities SET name = '示范县恒达建材有限公司' WHERE id = ?").run(after);
    expect(match('鑫源')).toEqual([]);
    expect(match('恒达')).toEqual([after]);

    db.prepare('DELETE FROM entities WHERE id = ?').run(before);
    expect(match('利民')).toEqual([]);
  });
});
