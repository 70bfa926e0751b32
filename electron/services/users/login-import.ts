/**
 * At a successful login, copies the failed logins waiting in `<db>.logins.json` into the audit log
 * (so `audit verify` covers them) and checks that file's own hash chain against where the last copy
 * stopped (table login_log_state). Anything odd about the file — missing, corrupt, from another
 * database, replaced, entries edited or removed — becomes an audit entry of its own; it never blocks
 * the login, because the file is outside the encryption and anyone with the folder can change it.
 */
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit, GENESIS_HASH } from '../audit/log.ts';
import { type LoginLogFile, loginEntryHash, newLoginLog, readLoginLog, writeLoginLog } from './login-log.ts';
import { readLoginLogState, saveLoginLogState } from './repository.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Runs inside the login's transaction. Returns the step to run after the commit: rewriting the file
 * without the copied entries and with the user's failure count reset.
 */
export function importLoginFailures(
  db: DataDoor,
  path: string,
  databaseId: string,
  at: string,
  username: string,
): () => void {
  const state = readLoginLogState(db);
  if (!state) return () => {}; // database older than migration 006: cannot happen after migrate()
  const audit = (action: string, detail: Record<string, unknown>) =>
    appendAudit(db, { at, actor: username, action, target: 'logins-file', detail });

  const r = readLoginLog(path);
  let file: LoginLogFile;
  let fresh = false;
  if (r.kind === 'missing') {
    if (state.fileId !== null)
      audit('session.login_log_missing', { previousFileId: state.fileId, previousLastSeq: state.lastSeq });
    file = newLoginLog(databaseId);
    fresh = true;
  } else if (r.kind === 'corrupt') {
    audit('session.login_log_corrupt', { previousFileId: state.fileId });
    file = newLoginLog(databaseId);
    fresh = true;
  } else if (r.file.databaseId !== databaseId) {
    audit('session.login_log_foreign', { fileDatabaseId: r.file.databaseId });
    file = newLoginLog(databaseId);
    fresh = true;
  } else {
    file = r.file;
  }

  const sameFile = !fresh && state.fileId === file.fileId;
  if (!fresh && state.fileId !== null && !sameFile) {
    audit('session.login_log_replaced', {
      previousFileId: state.fileId,
      previousLastSeq: state.lastSeq,
      fileId: file.fileId,
    });
  }

  let prev: { seq: number; hash: string } | null = sameFile
    ? { seq: state.lastSeq, hash: state.lastHash }
    : state.fileId === null && !fresh
      ? { seq: 0, hash: GENESIS_HASH }
      : null;
  // The file says a database already copied further than this one has: this database was restored
  // from an older copy (a backup). Not tampering with the file; say so and continue from there.
  if (
    sameFile &&
    typeof file.importedSeq === 'number' &&
    typeof file.importedHash === 'string' &&
    file.importedSeq > state.lastSeq
  ) {
    audit('session.login_log_behind', {
      fileId: file.fileId,
      databaseSeq: state.lastSeq,
      fileSeq: file.importedSeq,
    });
    prev = { seq: file.importedSeq, hash: file.importedHash };
  }
  const skipThrough = prev?.seq ?? 0;
  let problem: { seq: number; what: string } | null = null;
  for (const e of file.pending) {
    if (sameFile && typeof e.seq === 'number' && e.seq <= skipThrough) continue; // copied before a crash
    if (!problem) {
      if (prev && (e.seq !== prev.seq + 1 || e.prevHash !== prev.hash))
        problem = { seq: e.seq, what: '记录与前一条衔接不上（有记录被删除、插入或调换）' };
      else if (loginEntryHash(file.fileId, e) !== e.hash)
        problem = { seq: e.seq, what: '记录内容与其哈希不符（被修改过）' };
    }
    prev = { seq: e.seq, hash: e.hash };
    const attemptAt = typeof e.at === 'string' && ISO.test(e.at) ? e.at : at;
    appendAudit(db, {
      at: attemptAt,
      actor: String(e.username).slice(0, 64),
      action: 'session.login_failed',
      target: null,
      detail: { seq: e.seq, fileId: file.fileId, copiedAt: at },
    });
  }
  if (!problem && prev && (file.lastSeq !== prev.seq || file.lastHash !== prev.hash))
    problem = { seq: prev.seq + 1, what: '文件末尾的记录缺失（被删除）' };
  if (problem) audit('session.login_log_tampered', { fileId: file.fileId, ...problem });
  if (file.dropped > 0) audit('session.login_failures_dropped', { fileId: file.fileId, count: file.dropped });

  saveLoginLogState(db, { fileId: file.fileId, lastSeq: file.lastSeq, lastHash: file.lastHash });
  const importedThrough = file.lastSeq;
  const importedHash = file.lastHash;
  const fileId = file.fileId;

  return () => {
    // Re-read: another process (the command line) may have appended a failure since.
    const now = readLoginLog(path);
    const f = now.kind === 'ok' && now.file.fileId === fileId ? now.file : file;
    f.pending = f.pending.filter((e) => e.seq > importedThrough);
    f.importedSeq = importedThrough;
    f.importedHash = importedHash;
    f.dropped = 0;
    delete f.users[username];
    writeLoginLog(path, f);
  };
}

/** Clears a user name's lockout (an administrator's 解除锁定); the failures stay in the chain. */
export function clearLockout(path: string, username: string): boolean {
  const r = readLoginLog(path);
  if (r.kind !== 'ok' || !r.file.users[username]) return false;
  delete r.file.users[username];
  writeLoginLog(path, r.file);
  return true;
}
