/**
 * The anchor file beside the database (`<db>.audit-anchors.jsonl`): one line per anchor of the audit
 * log (its last entry's id and hash), appended at every login and session end, backup and plan export.
 * Plain JSON lines, no secret in them. Like the failed-login file, the lines are hash-chained (seq,
 * previous line's hash), so a line removed, edited or reordered by hand shows. Whoever can write the
 * folder can still delete or rewrite the whole file: it is one anchor among several (docs/security.md).
 *
 * Appending is crash-safe: one write of a whole line, then fsync; a line torn by a crash (no newline)
 * is ignored when read and cut off before the next append.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditAnchor } from '../../../shared/audit/anchor.ts';
import { GENESIS_HASH } from './log.ts';
import { fsyncPath } from '../../db/fsync.ts';

/** What put an anchor into the file. */
export type AnchorSource = 'setup' | 'login' | 'session-end' | 'backup' | 'plan-export' | 'restore';

export interface AnchorLine extends AuditAnchor {
  seq: number;
  at: string;
  source: AnchorSource;
  prev: string;
  line: string;
}

export type AnchorFileRead =
  | { status: 'missing'; anchors: [] }
  | { status: 'ok' | 'damaged'; anchors: AnchorLine[]; damagedAt?: number };

export function anchorFilePathFor(dbPath: string): string {
  return `${dbPath}.audit-anchors.jsonl`;
}

function lineHash(l: Omit<AnchorLine, 'line'>): string {
  return createHash('sha256')
    .update(JSON.stringify(['creditdesk-anchor-v1', l.seq, l.prev, l.at, l.source, l.id, l.hash]))
    .digest('hex');
}

function isAnchorLine(v: unknown): v is AnchorLine {
  const l = v as Partial<AnchorLine> | null;
  return (
    typeof l?.seq === 'number' &&
    typeof l.at === 'string' &&
    typeof l.source === 'string' &&
    Number.isInteger(l.id) &&
    typeof l.hash === 'string' &&
    typeof l.prev === 'string' &&
    typeof l.line === 'string'
  );
}

/** The anchors in order; reading stops at the first line that is unreadable or does not chain. */
export function readAnchorFile(path: string): AnchorFileRead {
  if (!existsSync(path)) return { status: 'missing', anchors: [] };
  const text = readFileSync(path, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1); // a torn last line is not part of the file
  const anchors: AnchorLine[] = [];
  let prev = GENESIS_HASH;
  for (const raw of complete.split('\n')) {
    if (raw === '') continue;
    let l: unknown;
    try {
      l = JSON.parse(raw);
    } catch {
      l = null;
    }
    if (!isAnchorLine(l) || l.seq !== anchors.length + 1 || l.prev !== prev || lineHash(l) !== l.line)
      return { status: 'damaged', anchors, damagedAt: anchors.length + 1 };
    anchors.push(l);
    prev = l.line;
  }
  return { status: 'ok', anchors };
}

/** Appends an anchor unless the last line already holds the same one. */
export function appendAnchor(path: string, anchor: AuditAnchor, source: AnchorSource, at: string): void {
  const existed = existsSync(path);
  const read = readAnchorFile(path);
  const last = read.anchors.at(-1);
  if (last && last.id === anchor.id && last.hash === anchor.hash) return;
  const base = {
    seq: (last?.seq ?? 0) + 1,
    at,
    source,
    id: anchor.id,
    hash: anchor.hash,
    prev: last?.line ?? GENESIS_HASH,
  };
  const text = `${JSON.stringify({ ...base, line: lineHash(base) })}\n`;
  const fd = openSync(path, existed ? 'r+' : 'w', 0o600);
  try {
    // Cut off a line torn by an earlier crash, then write the new one after the last complete line.
    const content = existed ? readFileSync(path, 'utf8') : '';
    const end = Buffer.byteLength(content.slice(0, content.lastIndexOf('\n') + 1));
    ftruncateSync(fd, end);
    writeSync(fd, text, end);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (!existed) fsyncPath(dirname(path));
}
