/**
 * Reading the audit log for 系统管理 → 操作日志, its Excel export and the command line (科室负责人 and
 * 管理员). Each entry is described in Chinese here (shared/audit/describe.ts), with the entities, tasks,
 * users and models it refers to looked up by id, so the screen and the file say the same thing.
 */
import type { AuditEntryRow, AuditFilter } from '../../../shared/api/contracts/audit.ts';
import { type AuditNameBook, auditReferences, describeAudit } from '../../../shared/audit/describe.ts';
import { localDayStartIso } from '../../../shared/audit/local-time.ts';
import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { modelCatalog } from '../grading/model-store.ts';
import { userDisplayNames } from '../users/accounts.ts';
import { appendAuditOrDefer } from './deferred.ts';
import {
  auditActors,
  auditEntriesBefore,
  type AuditSelection,
  auditPage,
  countAuditEntries,
  type ListedAuditEntry,
  namesOf,
} from './repository.ts';
import { type AuditVerifyResult, verifyAuditChain } from './verify.ts';

/** The filter in stored terms: its dates are local calendar days (inclusive), `at` is stored in UTC. */
export function auditSelection(f: AuditFilter): AuditSelection {
  return {
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.action ? { actionPrefix: f.action } : {}),
    ...(f.from ? { fromAt: localDayStartIso(f.from) } : {}),
    ...(f.to ? { beforeAt: localDayStartIso(f.to, 1) } : {}),
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

/** Describes a batch of stored rows: one lookup per kind of name for the whole batch. */
function describeRows(
  db: DataDoor,
  rows: ListedAuditEntry[],
  users: Map<string, string>,
  models: (id: string) => string | undefined,
) {
  const parsed = rows.map(({ detailJson, ...r }) => ({ ...r, detail: parseDetail(detailJson) }));
  const entityIds = new Set<number>();
  const taskIds = new Set<number>();
  for (const r of parsed) {
    const refs = auditReferences(r);
    for (const id of refs.entityIds) entityIds.add(id);
    for (const id of refs.taskIds) taskIds.add(id);
  }
  const entities = namesOf(db, 'entities', [...entityIds]);
  const tasks = namesOf(db, 'inspection_tasks', [...taskIds]);
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

function modelNames(db: DataDoor): (id: string) => string | undefined {
  const catalog = modelCatalog(db);
  return (id) => {
    const name = catalog.name(id);
    return name === id ? undefined : name;
  };
}

export function listAudit(
  db: DataDoor,
  actor: Actor,
  q: AuditFilter & { offset: number; limit: number },
): { total: number; entries: AuditEntryRow[]; actors: { username: string; displayName: string }[] } {
  authorize(actor, 'audit.read');
  const selection = auditSelection(q);
  const total = countAuditEntries(db, selection);
  const rows = auditPage(db, selection, q.offset, q.limit);
  const users = userDisplayNames(db);
  const actors = auditActors(db).map((username) => ({
    username,
    displayName: users.get(username) ?? username,
  }));
  return { total, entries: describeRows(db, rows, users, modelNames(db)), actors };
}

/**
 * Every entry matching the filter, newest first, described — in batches, so the names of one batch are
 * looked up together and a long log never sits in memory at once.
 */
export function* describedAuditEntries(db: DataDoor, f: AuditFilter, batch = 1000): Generator<AuditEntryRow> {
  const users = userDisplayNames(db);
  const models = modelNames(db);
  const selection = auditSelection(f);
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = auditEntriesBefore(db, selection, before, batch);
    if (rows.length === 0) return;
    yield* describeRows(db, rows, users, models);
    before = rows[rows.length - 1]!.id;
  }
}

export function countAudit(db: DataDoor, f: AuditFilter): number {
  return countAuditEntries(db, auditSelection(f));
}

/** Verifies the chain, then records who verified and what was found (after the check, so it is not part of it). */
export function verifyAudit(
  db: DataDoor,
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
