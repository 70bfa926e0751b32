import { createHash } from 'node:crypto';
import type { Db } from '../db/open.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

/** The chained hash of one entry; any edit, deletion or reordering changes every later hash. */
export function auditHash(prevHash: string, e: AuditEntry & { detailJson: string }): string {
  return createHash('sha256')
    .update([prevHash, e.at, e.actor, e.action, e.target ?? '', e.detailJson].join('\u001f'))
    .digest('hex');
}

/** Appends inside the caller's transaction when there is one, so the entry and its change commit together. */
export function appendAudit(db: Db, entry: AuditEntry): void {
  const prev = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    | { hash: string }
    | undefined;
  const prevHash = prev?.hash ?? GENESIS_HASH;
  const detailJson = JSON.stringify(entry.detail);
  const hash = auditHash(prevHash, { ...entry, detailJson });
  db.prepare(
    'INSERT INTO audit_log (at, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(entry.at, entry.actor, entry.action, entry.target, detailJson, prevHash, hash);
}
