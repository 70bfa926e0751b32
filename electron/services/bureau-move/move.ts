/**
 * `creditdesk server import-desk` (issue 17 item 4): a desk database moved into a bureau server. Every
 * table the two schemas share is copied in foreign-key order inside ONE server transaction, rows keeping
 * their ids; the audit log moves as stored (its hashes cover the stored text, so it keeps verifying), the
 * head is set to the desk's, and one entry chained after it records the move. The chain is verified
 * before the commit: a move that would not verify end to end is rolled back, as is any failure.
 *
 * The desk is only read, inside one read transaction (a consistent snapshot), a row at a time. What the
 * server's migrations seeded (calendar, inspection items, ratio profiles …) is replaced by the desk's own
 * rows, so both sides end with the same rows — the server is known to hold no county data by then.
 */
import type { Db } from '../../db/open.ts';
import { type PgDb, unitOfWork } from '../../db/sql.ts';
import { appendAudit, auditHeadInfo } from '../audit/log.ts';
import { withAuditHeadLocked } from '../audit/repository.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { type Actor, authorize } from '../authz.ts';
import { listActiveUsers } from '../users/repository.ts';
import { matchCatalogs, type MoveTable } from './catalog.ts';
import {
  refuseBrokenDeskChain,
  refuseOccupiedServer,
  refuseOtherSchemaVersion,
  refuseWithPendingAudit,
} from './refusals.ts';
import { deskCatalog, deskRowCount, iterateDeskRows } from './repository/desk.ts';
import {
  createIndexes,
  deleteSeededRows,
  dropUnconstrainedIndexes,
  insertBatch,
  serverCatalog,
  serverRowCount,
  setAuditHead,
  setIdentityPastMax,
} from './repository/server.ts';
import { batchesOf } from './row-batches.ts';

/** The chain's head row: set to the desk's head after its log is copied, not copied as a row. */
const HEAD_TABLE = 'audit_head';

/**
 * From this many rows a table's secondary indexes are dropped for the copy and built after it: one
 * build beats keeping trigram and JSON-expression indexes up a row at a time (measured at 1 M, see
 * docs/server-import-desk.md); below it the rebuild is not worth its statements.
 */
const REBUILD_INDEXES_FROM = 50_000;

export interface ChainHead {
  id: number;
  hash: string;
  entries: number;
}

export interface MoveProgress {
  table: string;
  done: number;
  total: number;
}

export interface MoveDeskInput {
  desk: Db;
  /** The desk's file: its pending audit entries are looked for beside it. */
  deskPath: string;
  /** The key file's databaseId: recorded, so the same desk moved twice is recognised. */
  deskDatabaseId: string;
  server: PgDb;
  actor: Actor;
  at: string;
  onProgress?: (p: MoveProgress) => void;
  /** Tests lower it to take the index rebuild's path with a small desk. */
  rebuildIndexesFrom?: number;
}

export interface MoveDeskResult {
  /** Rows copied per table, in the order they were copied. */
  moved: Record<string, number>;
  deskHead: ChainHead;
  serverHead: ChainHead;
  auditVerified: boolean;
  /** Accounts that moved: each needs a password set on the server (the desk's are key-file wraps). */
  users: string[];
}

export function moveDeskToServer(input: MoveDeskInput): MoveDeskResult {
  const { desk, server } = input;
  authorize(input.actor, 'backup.manage');
  refuseWithPendingAudit(input.deskPath);
  // The desk's read transaction: every table is read from one snapshot.
  return unitOfWork(desk, () => {
    refuseOtherSchemaVersion(desk, server);
    refuseBrokenDeskChain(desk);
    const serverSchema = serverCatalog(server);
    const tables = matchCatalogs(deskCatalog(desk), serverSchema.tables, serverSchema.identity);
    const { id, hash, entries } = auditHeadInfo(desk);
    const deskHead: ChainHead = { id, hash, entries };
    // The chain's head stays locked to the commit: a second move started meanwhile waits, then finds
    // the server occupied and is refused, instead of failing half-way on a duplicate id.
    return unitOfWork(server, () =>
      withAuditHeadLocked(server, () => {
        refuseOccupiedServer(desk, server, input.deskDatabaseId);
        const moved = copyTables(input, tables, deskHead);
        appendAudit(server, {
          at: input.at,
          actor: input.actor.username,
          action: 'server.import-desk',
          target: null,
          detail: {
            deskDatabaseId: input.deskDatabaseId,
            deskHead: { id: deskHead.id, hash: deskHead.hash },
            counts: moved,
            movedBy: input.actor.username,
          },
        });
        const verified = verifyAuditChain(server);
        if (!verified.intact) {
          // Thrown inside the transaction: nothing of the move stays on the server.
          throw new Error(`迁入后服务器的操作日志校验未通过：${verified.firstBroken?.message ?? ''}`);
        }
        const serverHead = auditHeadInfo(server);
        return {
          moved,
          deskHead,
          serverHead: { id: serverHead.id, hash: serverHead.hash, entries: serverHead.entries },
          auditVerified: true,
          users: listActiveUsers(server).map((u) => u.username),
        };
      }),
    );
  });
}

function copyTables(input: MoveDeskInput, tables: readonly MoveTable[], deskHead: ChainHead) {
  const { desk, server } = input;
  // The migrations' seeds go first, children before parents (nothing else is on the server by now).
  for (const t of [...tables].reverse()) {
    if (t.name !== HEAD_TABLE && serverRowCount(server, t.name) > 0) deleteSeededRows(server, t.name);
  }
  const moved: Record<string, number> = {};
  for (const t of tables) {
    if (t.name === HEAD_TABLE) continue;
    const total = deskRowCount(desk, t.name);
    let done = 0;
    input.onProgress?.({ table: t.name, done, total });
    const rebuild =
      total >= (input.rebuildIndexesFrom ?? REBUILD_INDEXES_FROM)
        ? dropUnconstrainedIndexes(server, t.name)
        : [];
    const rows = iterateDeskRows(
      desk,
      t.name,
      t.columns.map((c) => c.name),
    );
    for (const batch of batchesOf(t.name, t.columns, rows)) {
      done += insertBatch(server, t.name, t.columns, batch.json);
      input.onProgress?.({ table: t.name, done, total });
    }
    createIndexes(server, rebuild);
    if (t.identity) setIdentityPastMax(server, t.name, t.identity);
    moved[t.name] = done;
  }
  setAuditHead(server, { lastId: deskHead.id, lastHash: deskHead.hash, entries: deskHead.entries });
  moved[HEAD_TABLE] = deskRowCount(desk, HEAD_TABLE);
  for (const t of tables) {
    const there = serverRowCount(server, t.name);
    if (there !== moved[t.name]) {
      throw new Error(`表 ${t.name} 迁入后服务器有 ${there} 行，应为 ${moved[t.name]} 行`);
    }
  }
  return moved;
}
