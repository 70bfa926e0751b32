/**
 * Anchors of the audit log outside the database (issue 15 item 3). The hash chain inside the database
 * is unkeyed: whoever holds the data key can cut entries off the end and fix the head, or recompute
 * every hash. What they cannot change is a copy of the head taken earlier and kept elsewhere. So the
 * head (id and hash of the last entry) is recorded
 *
 *  - in the anchor file beside the database (anchor-file.ts), at every login and session end,
 *    backup and plan export;
 *  - in every backup's manifest.json (`auditHead`);
 *  - in every exported plan file (the informative cell of 检查对象和人员);
 *  - on the 操作日志 tab, to be written down or printed;
 *
 * and `audit verify` checks the log against every anchor it can find: the anchor file, the manifests in
 * backups/, and any file given to `creditdesk audit verify --anchor`. A log that no longer has an
 * anchor's entry (cut short) or has it with another hash (changed, recomputed) is reported as broken.
 * After a restore the log legitimately goes back to the backup's: anchors taken before the restore that
 * the restored log does not match are counted as superseded, not as tampering (docs/security.md).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { type AuditAnchor, findAnchorsInText } from '../../../shared/audit/anchor.ts';
import { localDateTime } from '../../../shared/dates/iso-date.ts';
import { lockHeldElsewhere } from '../../db/instance-lock.ts';
import type { Db } from '../../db/open.ts';
import type { DataDoor } from '../../db/sql.ts';
import {
  appendAudit,
  auditHashOf,
  auditHeadAnchor,
  auditHeadInfo,
  auditRestores,
  auditTimesOf,
} from './log.ts';
import { type Actor, authorize } from '../authz.ts';
import { listBackupsIn } from '../backup/catalog.ts';
import { backupsDirFor, MANIFEST_FILE } from '../backup/layout.ts';
import { readManifest } from '../backup/manifest.ts';
import { type AnchorSource, anchorFilePathFor, appendAnchor, readAnchorFile } from './anchor-file.ts';
import type { AuditVerifyResult } from './verify.ts';

/** An anchor found somewhere, with where (for the message) and when it was taken, if known. */
export interface FoundAnchor extends AuditAnchor {
  source: string;
  at: string | null;
  /** In the anchor file before the line a restore wrote: it belongs to the database that was replaced. */
  beforeRestore?: boolean;
}

export interface AnchorProblem extends AuditAnchor {
  source: string;
  kind: 'shorter' | 'different';
  message: string;
}

/** The audit action recording that the anchor file was missing at a login and was started anew. */
export const ANCHOR_FILE_RECREATED = 'audit.anchors.missing';

export interface AnchorReport {
  /** Anchors compared with the log. */
  checked: number;
  /** The anchor file beside the database; 'recreated': it was missing at some login and started anew. */
  file: 'ok' | 'missing' | 'damaged' | 'recreated';
  /** Anchors the log does not match: entries removed, changed or recomputed. */
  problems: AnchorProblem[];
  /** Anchors taken before a restore that the restored log does not match (expected after a restore). */
  superseded: number;
  /** Remarks in Chinese (a missing or damaged anchor file, superseded anchors). */
  notes: string[];
}

/** Appends the current head to the anchor file. Never fails the operation it follows: returns false instead. */
export function recordAnchor(
  db: Db,
  dbPath: string,
  source: AnchorSource,
  at: string,
  log?: (m: string) => void,
): boolean {
  try {
    // Read-only commands log in beside a running program without its lock: only the holder appends,
    // so two processes never write the file at once.
    if (lockHeldElsewhere(dbPath)) return false;
    const path = anchorFilePathFor(dbPath);
    // A missing file is recreated, and that it was missing goes into the log itself, where verify finds it.
    if (!existsSync(path) && source !== 'setup' && auditHeadAnchor(db).id > 0) {
      appendAudit(db, {
        at,
        actor: 'system',
        action: 'audit.anchors.missing', // a literal, so the audit-name scan sees it (= ANCHOR_FILE_RECREATED)
        target: null,
        detail: { lastId: auditHeadAnchor(db).id },
      });
    }
    appendAnchor(path, auditHeadAnchor(db), source, at);
    return true;
  } catch (e) {
    log?.(`audit anchor not recorded: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

/** The anchors the database's folder holds: the anchor file's lines and the backups' manifests. */
export function anchorsBeside(dbPath: string): { anchors: FoundAnchor[]; file: AnchorReport['file'] } {
  const read = readAnchorFile(anchorFilePathFor(dbPath));
  const lastRestore = read.anchors.findLastIndex((l) => l.source === 'restore');
  const anchors: FoundAnchor[] = read.anchors.map((l, i) => ({
    id: l.id,
    hash: l.hash,
    at: l.at,
    source: `日志锚点文件第 ${l.seq} 行（${localDateTime(l.at)}）`,
    beforeRestore: i < lastRestore,
  }));
  for (const m of listBackupsIn(backupsDirFor(dbPath))) {
    if (m.auditHead) anchors.push({ ...m.auditHead, at: m.createdAt, source: `备份 ${m.id}` });
  }
  return { anchors, file: read.status };
}

/**
 * The anchors in a file given by the user: a backup folder or its manifest.json, an anchor file, an
 * exported plan workbook, or any text (a typed-up printout) containing anchorText's wording.
 */
export async function anchorsInFile(path: string): Promise<FoundAnchor[]> {
  const source = `文件「${basename(path)}」`;
  if (!existsSync(path)) return [];
  const folder = statSync(path).isDirectory()
    ? path
    : basename(path) === MANIFEST_FILE
      ? dirname(path)
      : null;
  if (folder !== null) {
    const m = readManifest(folder);
    return m?.auditHead ? [{ ...m.auditHead, at: m.createdAt, source: `备份 ${m.id}` }] : [];
  }
  if (path.endsWith('.jsonl')) {
    return readAnchorFile(path).anchors.map((l) => ({ id: l.id, hash: l.hash, at: l.at, source }));
  }
  if (['.xlsx', '.xls', '.et', '.ods'].includes(extname(path).toLowerCase())) {
    // Loaded on first use: the spreadsheet reader pulls in SheetJS, which login must not wait for.
    const { readSpreadsheetFile } = await import('../exchange/read/index.ts');
    const read = readSpreadsheetFile(path);
    if (!read.ok) return [];
    const text = read.sheets.flatMap((s) => s.rows.flat().filter((c) => typeof c === 'string')).join('\n');
    return findAnchorsInText(text).map((a) => ({ ...a, source }));
  }
  return findAnchorsInText(readFileSync(path, 'utf8')).map((a) => ({ ...a, source }));
}

/** Compares the log with each anchor. */
export function checkAnchors(db: Db, anchors: FoundAnchor[], file: AnchorReport['file']): AnchorReport {
  const restores = auditRestores(db).map((r) => ({ at: Date.parse(r.at), headId: r.restoredHeadId }));
  const lastId = auditHeadAnchor(db).id;
  const problems: AnchorProblem[] = [];
  let superseded = 0;
  for (const a of anchors) {
    const hash = auditHashOf(db, a.id);
    if (hash === a.hash) continue;
    if (replacedByRestore(a, restores)) {
      superseded++;
      continue;
    }
    const kind = hash === null ? 'shorter' : 'different';
    problems.push({
      id: a.id,
      hash: a.hash,
      source: a.source,
      kind,
      message:
        kind === 'shorter'
          ? `${a.source}记录日志已有第 ${a.id} 条，而现在日志${lastId > 0 ? `只到第 ${lastId} 条或缺少该条` : '是空的'}：记录被删除。`
          : `第 ${a.id} 条记录与${a.source}记录的哈希不符：该条或其之前的记录被改动过，或整条日志被重新计算过。`,
    });
  }
  problems.sort((x, y) => x.id - y.id);
  const recreated = file === 'ok' && auditTimesOf(db, ANCHOR_FILE_RECREATED).length > 0;
  const status = recreated ? 'recreated' : file;
  return { checked: anchors.length, file: status, problems, superseded, notes: notesFor(status, superseded) };
}

/**
 * Whether a restore since the anchor was taken explains a mismatch: the restored copy's log is the
 * replaced one's only up to the copy's own head, so an anchor at or below that head must still match.
 * A restore of a copy whose head was not recorded (made by an older version) explains any anchor.
 */
function replacedByRestore(a: FoundAnchor, restores: { at: number; headId: number | null }[]): boolean {
  const taken = a.at === null ? Number.NaN : Date.parse(a.at);
  const since = a.beforeRestore ? restores : restores.filter((r) => r.at > taken);
  return since.some((r) => r.headId === null || a.id > r.headId);
}

function notesFor(file: AnchorReport['file'], superseded: number): string[] {
  const notes: string[] = [];
  if (file === 'missing')
    notes.push('数据库旁的日志锚点文件不存在（可能被删除或移走）；已核对其他能找到的锚点。');
  if (file === 'damaged') notes.push('数据库旁的日志锚点文件有被改动或损坏的行；只核对了其前面完好的行。');
  if (file === 'recreated')
    notes.push(
      '数据库旁的日志锚点文件曾在某次登录时不存在（被删除、移走，或数据库来自旧版本），已重新建立（见操作日志）；此前的锚点只能与备份和导出文件核对。',
    );
  if (superseded > 0)
    notes.push(`有 ${superseded} 个锚点早于从备份恢复数据库的时间，恢复后的日志不再包含它们，未计为篡改。`);
  return notes;
}

/** The chain's result, made broken by the first anchor the log does not match. */
export function withAnchorReport(
  result: AuditVerifyResult,
  report: AnchorReport,
): AuditVerifyResult & { anchors: AnchorReport } {
  const first = report.problems[0];
  if (result.firstBroken || !first) return { ...result, anchors: report };
  return {
    ...result,
    intact: false,
    firstBroken: {
      id: first.id,
      reason: first.kind === 'shorter' ? 'anchor_shorter' : 'anchor_different',
      message: first.message,
    },
    anchors: report,
  };
}

/** The chain's result checked against every anchor beside the database (files given by the user: addAnchorFiles). */
export function crossCheckAnchors(
  db: Db,
  dbPath: string,
  result: AuditVerifyResult,
): AuditVerifyResult & { anchors: AnchorReport } {
  const beside = anchorsBeside(dbPath);
  return withAnchorReport(result, checkAnchors(db, beside.anchors, beside.file));
}

/** A verify result (already checked against the anchors beside the database) checked against more files too. */
export async function addAnchorFiles(
  db: Db,
  result: AuditVerifyResult & { anchors: AnchorReport },
  files: readonly string[],
): Promise<AuditVerifyResult & { anchors: AnchorReport }> {
  const found: FoundAnchor[] = [];
  for (const f of files) found.push(...(await anchorsInFile(f)));
  const extra = checkAnchors(db, found, result.anchors.file);
  const superseded = result.anchors.superseded + extra.superseded;
  const merged: AnchorReport = {
    checked: result.anchors.checked + extra.checked,
    file: result.anchors.file,
    problems: [...result.anchors.problems, ...extra.problems].sort((x, y) => x.id - y.id),
    superseded,
    notes: notesFor(result.anchors.file, superseded),
  };
  const chainBroken = result.firstBroken !== null && !result.firstBroken.reason.startsWith('anchor_');
  const chain: AuditVerifyResult = chainBroken
    ? result
    : { intact: true, entries: result.entries, firstBroken: null, headHash: result.headHash };
  return withAnchorReport(chain, merged);
}

/** The head as the 操作日志 tab shows it, to be written down or printed. */
export function currentAuditHead(db: DataDoor, actor: Actor) {
  authorize(actor, 'audit.read');
  return auditHeadInfo(db);
}
