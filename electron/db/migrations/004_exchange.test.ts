import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { m001Initial } from './001_initial.ts';
import { m002NameCharIndex } from './002_name_char_index.ts';
import { m003Grading } from './003_grading.ts';
import { m004Exchange } from './004_exchange.ts';

describe('migration 004_exchange', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  it('creates the mapping store and the undo log with their constraints', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(db, [m001Initial, m002NameCharIndex, m003Grading, m004Exchange]);
    expect(db.pragma('user_version', { simple: true })).toBe(4);

    const at = '2026-01-01T00:00:00Z';
    const batch = db
      .prepare(
        "INSERT INTO import_batches (kind, source, created_at, created_by) VALUES ('entities', 'x.xlsx', ?, 'admin')",
      )
      .run(at).lastInsertRowid;
    const log = db.prepare(
      'INSERT INTO exchange_changes (batch_id, tbl, row_id, op, before) VALUES (?, ?, ?, ?, ?)',
    );
    log.run(batch, 'entities', 1, 'insert', null);
    log.run(batch, 'entities', 2, 'update', '{"id":2}');
    // An update without a before-image could not be undone; an insert with one is meaningless.
    expect(() => log.run(batch, 'entities', 3, 'update', null)).toThrow();
    expect(() => log.run(batch, 'entities', 3, 'insert', '{}')).toThrow();
    // The log belongs to a batch that exists.
    expect(() => log.run(9999, 'entities', 3, 'insert', null)).toThrow();

    // The digests of what a batch left: named by id or by key, never both or neither.
    const after = db.prepare(
      'INSERT INTO exchange_after (batch_id, tbl, row_id, row_key, digest) VALUES (?, ?, ?, ?, ?)',
    );
    after.run(batch, 'entities', 1, null, 123456789);
    after.run(batch, 'calendar_days', null, '["2031-10-01"]', 42);
    expect(() => after.run(batch, 'entities', 1, '[1]', 1)).toThrow();
    expect(() => after.run(batch, 'entities', null, null, 1)).toThrow();
    expect(() => after.run(9999, 'entities', 1, null, 1)).toThrow();

    db.prepare(
      'INSERT INTO exchange_mappings (kind, signature, mapping, updated_at) VALUES (?, ?, ?, ?)',
    ).run('entities', 'abc', '{"name":0}', at);
    expect(() =>
      db
        .prepare('INSERT INTO exchange_mappings (kind, signature, mapping, updated_at) VALUES (?, ?, ?, ?)')
        .run('entities', 'abc', '{}', at),
    ).toThrow();
  });
});
