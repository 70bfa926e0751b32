/** Reading the audit log for 系统管理 → 操作日志 and the command line (科室负责人 and 管理员). */
import type { AuditEntryRow } from '../../../shared/api/contracts/admin.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit.ts';
import { type Actor, authorize } from '../authz.ts';
import { type AuditVerifyResult, verifyAuditChain } from './audit-verify.ts';

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string;
}

export function listAudit(
  db: Db,
  actor: Actor,
  q: { offset: number; limit: number; actor: string; action: string },
): { total: number; entries: AuditEntryRow[] } {
  authorize(actor, 'audit.read');
  const where: string[] = [];
  const params: string[] = [];
  if (q.actor) {
    where.push('actor = ?');
    params.push(q.actor);
  }
  if (q.action) {
    // A prefix: 'user.' finds every user-management entry.
    where.push('substr(action, 1, length(?)) = ?');
    params.push(q.action, q.action);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${w}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, target, detail FROM audit_log ${w} ORDER BY id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset) as Row[];
  return {
    total,
    entries: rows.map((r) => ({ ...r, detail: parseDetail(r.detail) })),
  };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { unreadable: text };
  }
}

/** Verifies the chain, then records who verified and what was found (after the check, so it is not part of it). */
export function verifyAudit(
  db: Db,
  actor: Actor,
  at: string,
  onProgress?: (done: number, total: number) => void,
): AuditVerifyResult {
  authorize(actor, 'audit.read');
  const result = verifyAuditChain(db, onProgress);
  appendAudit(db, {
    at,
    actor: actor.username,
    action: 'audit.verify',
    target: null,
    detail: {
      intact: result.intact,
      entries: result.entries,
      firstBroken: result.firstBroken
        ? { id: result.firstBroken.id, reason: result.firstBroken.reason }
        : null,
    },
  });
  return result;
}
