/**
 * Verifies the audit log's hash chain (SPEC §9): every entry's stored hash must be the hash of its own
 * fields and of the previous entry's hash, ids must run 1, 2, 3 … without a gap, and the last entry
 * must be the one the head (kept by a trigger, migration 006) remembers. The first entry that fails is
 * reported; everything before it is intact.
 *
 * What this catches: an entry edited, deleted, inserted or moved through raw SQL, and entries cut off
 * at the end. What no unkeyed chain can catch: someone with the data key who recomputes every hash
 * after the point they changed, and the head too; for that the log is checked against anchors kept
 * outside the database (anchors.ts, docs/security.md).
 */
import type { DataDoor } from '../../db/sql.ts';
import { auditHash, GENESIS_HASH } from './log.ts';
import { countAllAuditEntries, iterateAuditChain, readAuditHead } from './repository.ts';

export type BrokenReason =
  | 'hash_mismatch'
  | 'chain_broken'
  | 'id_gap'
  | 'truncated'
  | 'head_missing'
  /** The log no longer has an entry an anchor outside the database recorded (anchors.ts). */
  | 'anchor_shorter'
  /** The log has an anchor's entry with another hash: changed, or the whole chain recomputed. */
  | 'anchor_different';

export interface AuditVerifyResult {
  intact: boolean;
  entries: number;
  firstBroken: { id: number; reason: BrokenReason; message: string } | null;
  /** Hash of the last entry: write it down (e.g. in a quarterly report) to anchor the log outside the database. */
  headHash: string;
}

const MESSAGES: Record<Exclude<BrokenReason, `anchor_${string}`>, (id: number) => string> = {
  hash_mismatch: (id) => `第 ${id} 条记录的内容与其哈希不符：该记录被修改过。`,
  chain_broken: (id) => `第 ${id} 条记录与前一条记录衔接不上：其前面的记录被删除、插入或调换过顺序。`,
  id_gap: (id) => `缺少第 ${id} 条记录：记录被删除或编号被改动。`,
  truncated: (id) => `从第 ${id} 条起的记录缺失：日志末尾的记录被删除。`,
  head_missing: () => '操作日志的链尾记录缺失或被改动。',
};

function broken(reason: keyof typeof MESSAGES, id: number) {
  return { id, reason, message: MESSAGES[reason](id) };
}

export function verifyAuditChain(
  db: DataDoor,
  onProgress?: (done: number, total: number) => void,
): AuditVerifyResult {
  const total = countAllAuditEntries(db);
  const rows = iterateAuditChain(db);
  let prevHash = GENESIS_HASH;
  let expectedId = 1;
  let entries = 0;
  let firstBroken: AuditVerifyResult['firstBroken'] = null;
  for (const r of rows) {
    entries++;
    if (firstBroken === null) {
      if (r.id !== expectedId) firstBroken = broken('id_gap', expectedId);
      else if (r.prevHash !== prevHash) firstBroken = broken('chain_broken', r.id);
      else if (auditHash(r.prevHash, r) !== r.hash) firstBroken = broken('hash_mismatch', r.id);
    }
    prevHash = r.hash;
    expectedId = r.id + 1;
    if (onProgress && entries % 5000 === 0) onProgress(entries, total);
  }
  if (firstBroken === null) {
    const head = readAuditHead(db);
    const lastId = expectedId - 1;
    if (!head) firstBroken = broken('head_missing', lastId);
    else if (head.id > lastId || head.entries > entries) firstBroken = broken('truncated', lastId + 1);
    else if (head.id !== lastId || head.hash !== prevHash || head.entries !== entries)
      firstBroken = broken('head_missing', lastId);
  }
  onProgress?.(entries, total);
  return { intact: firstBroken === null, entries, firstBroken, headHash: prevHash };
}
