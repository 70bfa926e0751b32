/**
 * An anchor of the audit log: the id and hash of its last entry at some moment, kept outside the
 * database (anchor file, backup manifests, exported plan files, a printout). A later log must still
 * have that entry with that hash; a log cut short or recomputed no longer does (docs/security.md).
 */
export interface AuditAnchor {
  /** Id of the last entry then (0 for an empty log). */
  id: number;
  /** Its hash (64 hex digits). */
  hash: string;
}

/**
 * How an anchor is written into a file meant for people (plan files, printouts); parsed back by
 * findAnchorsInText. The time (ISO) says when the anchor was taken, so one taken before a restore
 * from an older backup is recognised as such.
 */
export function anchorText(a: AuditAnchor, at?: string): string {
  return `操作日志链尾：第 ${a.id} 条，哈希 ${a.hash}${at ? `，时间 ${at}` : ''}`;
}

const ANCHOR_IN_TEXT = /操作日志链尾：第 (\d+) 条，哈希 ([0-9a-f]{64})(?:，时间 ([0-9T:.+\-Z]+))?/g;

/** Every anchor written with anchorText inside a text (a cell, a document), with its time when given. */
export function findAnchorsInText(text: string): (AuditAnchor & { at: string | null })[] {
  return [...text.matchAll(ANCHOR_IN_TEXT)].map((m) => ({ id: Number(m[1]), hash: m[2]!, at: m[3] ?? null }));
}
