import { createHash } from 'node:crypto';
import type { DataDoor } from '../../db/sql.ts';
import {
  auditEntryHash,
  auditEntryTimes,
  auditRestoreEntries,
  hasEntryWithDetail,
  insertAuditEntry,
  lastAuditEntry,
  readAuditHead,
  readAuditHeadWithTime,
  withAuditHeadLocked,
} from './repository.ts';

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

/**
 * The entry the next one chains to. The head (migration 006) is preferred over the last row: if
 * entries were cut off the end, the next entry still follows the real last one, so the gap shows.
 */
function chainTip(db: DataDoor): { id: number; hash: string } {
  const head = readAuditHead(db);
  // A row past the head (inserted with the trigger dropped) must not make every later append collide.
  if (head && (head.maxId === null || head.id >= head.maxId)) return head;
  return lastAuditEntry(db) ?? { id: 0, hash: GENESIS_HASH };
}

/** Appends inside the caller's transaction when there is one, so the entry and its change commit together. */
export function appendAudit(db: DataDoor, entry: AuditEntry): void {
  withAuditHeadLocked(db, () => {
    const tip = chainTip(db);
    const id = tip.id + 1;
    const detailJson = JSON.stringify(entry.detail);
    const hash = auditHash(tip.hash, { ...entry, id, detailJson });
    insertAuditEntry(db, { ...entry, id, detailJson, prevHash: tip.hash, hash });
  });
}

/** Whether an entry of `action` whose detail has `field` = `value` exists (such actions are rare). */
export function auditEntryWithDetail(db: DataDoor, action: string, field: string, value: string): boolean {
  return hasEntryWithDetail(db, action, field, value);
}

/** The log's last entry as the head (migration 006) remembers it: what an anchor records. */
export function auditHeadAnchor(db: DataDoor): { id: number; hash: string } {
  const head = readAuditHead(db);
  return head ? { id: head.id, hash: head.hash } : { id: 0, hash: GENESIS_HASH };
}

/** The stored hash of entry `id`, or null when the log has no such entry (0 is the empty log's hash). */
export function auditHashOf(db: DataDoor, id: number): string | null {
  return id === 0 ? GENESIS_HASH : auditEntryHash(db, id);
}

/** Times of the entries of one action, oldest first (e.g. every restore). */
export function auditTimesOf(db: DataDoor, action: string): string[] {
  return auditEntryTimes(db, action);
}

/** The head with the entry count and the last entry's time, for showing it (操作日志 tab). */
export function auditHeadInfo(db: DataDoor): {
  id: number;
  hash: string;
  entries: number;
  at: string | null;
} {
  return readAuditHeadWithTime(db) ?? { id: 0, hash: GENESIS_HASH, entries: 0, at: null };
}

/** Every restore in the log: when, and up to which entry the restored copy's log went (null when not recorded). */
export function auditRestores(db: DataDoor): { at: string; restoredHeadId: number | null }[] {
  return auditRestoreEntries(db);
}
