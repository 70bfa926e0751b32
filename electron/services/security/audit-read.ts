/**
 * Reading the audit log for 系统管理 → 操作日志, its Excel export and the command line (科室负责人 and
 * 管理员). Each entry is described in Chinese here (shared/audit/describe.ts), with the entities, tasks,
 * users and models it refers to looked up by id, so the screen and the file say the same thing.
 */
import type { AuditEntryRow, AuditFilter } from '../../../shared/api/contracts/admin.ts';
import { type AuditNameBook, auditReferences, describeAudit } from '../../../shared/audit/describe.ts';
import { localDayStartIso } from '../../../shared/audit/local-time.ts';
import type { Db } from '../../db/open.ts';
import { appendAuditOrDefer } from '../audit-deferred.ts';
import { type Actor, authorize } from '../authz.ts';
import { modelCatalog } from '../grading/model-store.ts';
import { type AuditVerifyResult, verifyAuditChain } from './audit-verify.ts';

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detail: string;
}

/** The WHERE clause of a filter; dates are local calendar days, `at` is stored in UTC. */
export function auditWhere(f: AuditFilter): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  if (f.actor) {
    where.push('actor = ?');
    params.push(f.actor);
  }
  if (f.action) {
    // A prefix: 'user.' finds every user-management entry.
    where.push('substr(action, 1, length(?)) = ?');
    params.push(f.action, f.action);
  }
  if (f.from) {
    where.push('at >= ?');
    params.push(localDayStartIso(f.from));
  }
  if (f.to) {
    where.push('at < ?');
    params.push(localDayStartIso(f.to, 1));
  }
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { unreadable: text };
  }
}

function userNames(db: Db): Map<string, string> {
  return new Map(
    (
      db.prepare('SELECT username, display_name AS name FROM users').all() as {
        username: string;
        name: string;
      }[]
    ).map((u) => [u.username, u.name]),
  );
}

function namesById(db: Db, table: 'entities' | 'inspection_tasks', ids: Set<number>): Map<number, string> {
  if (ids.size === 0) return new Map();
  const list = [...ids];
  const rows = db
    .prepare(`SELECT id, name FROM ${table} WHERE id IN (${list.map(() => '?').join(',')})`)
    .all(...list) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Describes a batch of stored rows: one lookup per kind of name for the whole batch. */
function describeRows(
  db: Db,
  rows: Row[],
  users: Map<string, string>,
  models: (id: string) => string | undefined,
) {
  const parsed = rows.map((r) => ({ ...r, detail: parseDetail(r.detail) }));
  const entityIds = new Set<number>();
  const taskIds = new Set<number>();
  for (const r of parsed) {
    const refs = auditReferences(r);
    for (const id of refs.entityIds) entityIds.add(id);
    for (const id of refs.taskIds) taskIds.add(id);
  }
  const entities = namesById(db, 'entities', entityIds);
  const tasks = namesById(db, 'inspection_tasks', taskIds);
  const book: AuditNameBook = {
    entity: (id) => entities.get(id),
    task: (id) => tasks.get(id),
    user: (u) => users.get(u),
    model: models,
  };
  return parsed.map(
    (r): AuditEntryRow => ({ ...r, actorName: users.get(r.actor) ?? r.actor, ...describeAudit(r, book) }),
  );
}

function modelNames(db: Db): (id: string) => string | undefined {
  const catalog = modelCatalog(db);
  return (id) => {
    const name = catalog.name(id);
    return name === id ? undefined : name;
  };
}

export function listAudit(
  db: Db,
  actor: Actor,
  q: AuditFilter & { offset: number; limit: number },
): { total: number; entries: AuditEntryRow[]; actors: { username: string; displayName: string }[] } {
  authorize(actor, 'audit.read');
  const w = auditWhere(q);
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params) as { n: number })
    .n;
  const rows = db
    .prepare(
      `SELECT id, at, actor, action, target, detail FROM audit_log ${w.sql} ORDER BY id DESC LIMIT ? OFFSET ?`,
    )
    .all(...w.params, q.limit, q.offset) as Row[];
  const users = userNames(db);
  const actors = (
    db.prepare('SELECT DISTINCT actor FROM audit_log ORDER BY actor').all() as { actor: string }[]
  ).map((r) => ({ username: r.actor, displayName: users.get(r.actor) ?? r.actor }));
  return { total, entries: describeRows(db, rows, users, modelNames(db)), actors };
}

/**
 * Every entry matching the filter, newest first, described — in batches, so the names of one batch are
 * looked up together and a long log never sits in memory at once.
 */
export function* describedAuditEntries(db: Db, f: AuditFilter, batch = 1000): Generator<AuditEntryRow> {
  const w = auditWhere(f);
  const users = userNames(db);
  const models = modelNames(db);
  const stmt = db.prepare(
    `SELECT id, at, actor, action, target, detail FROM audit_log ${w.sql ? `${w.sql} AND` : 'WHERE'} id < ?
     ORDER BY id DESC LIMIT ?`,
  );
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = stmt.all(...w.params, before, batch) as Row[];
    if (rows.length === 0) return;
    yield* describeRows(db, rows, users, models);
    before = rows[rows.length - 1]!.id;
  }
}

export function countAudit(db: Db, f: AuditFilter): number {
  const w = auditWhere(f);
  return (db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params) as { n: number }).n;
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
  // A verify beside a running import must still answer; its entry is chained once the import ends.
  appendAuditOrDefer(db, {
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
