import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/open.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

/**
 * The chained hash of one entry; any edit, deletion, insertion or reordering changes every later hash.
 * The fields are hashed as one JSON array (not joined with a separator), so no value can shift text
 * into its neighbour, and a null target differs from an empty one. The id is covered too, so an entry
 * cannot be renumbered. The detail is hashed as stored (its JSON text), never re-serialised.
 */
export function auditHash(
  prevHash: string,
  e: { id: number; at: string; actor: string; action: string; target: string | null; detailJson: string },
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        'creditdesk-audit-v2',
        e.id,
        prevHash,
        e.at,
        e.actor,
        e.action,
        e.target,
        e.detailJson,
      ]),
    )
    .digest('hex');
}

interface Statements {
  head: Database.Statement | null;
  last: Database.Statement;
  insert: Database.Statement;
}

/** Prepared once per connection: an append runs inside every audited change, imports included. */
const statements = new WeakMap<Db, Statements>();

function prepared(db: Db): Statements {
  let s = statements.get(db);
  if (!s) {
    let head: Database.Statement | null = null;
    try {
      head = db.prepare(
        'SELECT last_id AS id, last_hash AS hash, (SELECT max(id) FROM audit_log) AS maxId FROM audit_head WHERE id = 1',
      );
    } catch {
      head = null; // a database before migration 006 (only in migration tests)
    }
    s = {
      head,
      last: db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'),
      insert: db.prepare(
        'INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
    // Only cache once the head exists: a migration test may add it later on the same connection.
    if (head) statements.set(db, s);
  }
  return s;
}

/**
 * The entry the next one chains to. The head (migration 006) is preferred over the last row: if
 * entries were cut off the end, the next entry still follows the real last one, so the gap shows.
 */
function chainTip(s: Statements): { id: number; hash: string } {
  const head = s.head?.get() as { id: number; hash: string; maxId: number | null } | undefined;
  // A row past the head (inserted with the trigger dropped) must not make every later append collide.
  if (head && (head.maxId === null || head.id >= head.maxId)) return head;
  const last = s.last.get() as { id: number; hash: string } | undefined;
  return last ?? { id: 0, hash: GENESIS_HASH };
}

/** Appends inside the caller's transaction when there is one, so the entry and its change commit together. */
export function appendAudit(db: Db, entry: AuditEntry): void {
  const s = prepared(db);
  const tip = chainTip(s);
  const id = tip.id + 1;
  const detailJson = JSON.stringify(entry.detail);
  const hash = auditHash(tip.hash, { ...entry, id, detailJson });
  s.insert.run(id, entry.at, entry.actor, entry.action, entry.target, detailJson, tip.hash, hash);
}

/** Whether an entry of `action` whose detail has `field` = `value` exists (newest first; such actions are rare). */
export function auditEntryWithDetail(db: Db, action: string, field: string, value: string): boolean {
  if (!/^[a-zA-Z]+$/.test(field)) throw new Error('detail field must be a plain name');
  return (
    db
      .prepare(`SELECT 1 FROM audit_log WHERE action = ? AND json_extract(detail, '$.${field}') = ? LIMIT 1`)
      .get(action, value) !== undefined
  );
}

/** The log's last entry as the head (migration 006) remembers it: what an anchor records. */
export function auditHeadAnchor(db: Db): { id: number; hash: string } {
  const head = db.prepare('SELECT last_id AS id, last_hash AS hash FROM audit_head WHERE id = 1').get() as
    | { id: number; hash: string }
    | undefined;
  return head ?? { id: 0, hash: GENESIS_HASH };
}

/** The stored hash of entry `id`, or null when the log has no such entry (0 is the empty log's hash). */
export function auditHashOf(db: Db, id: number): string | null {
  if (id === 0) return GENESIS_HASH;
  const row = db.prepare('SELECT hash FROM audit_log WHERE id = ?').get(id) as { hash: string } | undefined;
  return row?.hash ?? null;
}

/** Times of the entries of one action, oldest first (e.g. every restore). */
export function auditTimesOf(db: Db, action: string): string[] {
  return (
    db.prepare('SELECT at FROM audit_log WHERE action = ? ORDER BY id').all(action) as { at: string }[]
  ).map((r) => r.at);
}

/** The head with the entry count and the last entry's time, for showing it (操作日志 tab). */
export function auditHeadInfo(db: Db): { id: number; hash: string; entries: number; at: string | null } {
  const head = db
    .prepare(
      'SELECT h.last_id AS id, h.last_hash AS hash, h.entries AS entries, l.at AS at FROM audit_head h LEFT JOIN audit_log l ON l.id = h.last_id WHERE h.id = 1',
    )
    .get() as { id: number; hash: string; entries: number; at: string | null } | undefined;
  return head ?? { id: 0, hash: GENESIS_HASH, entries: 0, at: null };
}

/** Every restore in the log: when, and up to which entry the restored copy's log went (null when not recorded). */
export function auditRestores(db: Db): { at: string; restoredHeadId: number | null }[] {
  return db
    .prepare(
      "SELECT at, json_extract(detail, '$.restoredHead.id') AS restoredHeadId FROM audit_log WHERE action = 'backup.restore' ORDER BY id",
    )
    .all() as { at: string; restoredHeadId: number | null }[];
}
