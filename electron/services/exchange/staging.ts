/**
 * Staged files of the exchange: uploads arriving in chunks and exports waiting to be downloaded in
 * chunks. They live in a folder beside the database (same disk, same access rights as the data itself),
 * never in a shared temp folder, and are removed when used, when the session ends, or at the next start.
 *
 * What is known of each (name, size, chunks received) is kept on disk beside it, not in this thread's
 * memory: a bureau server answers calls on several request threads, and an officer who signs in again
 * after the idle lock (a new session, pinned to another thread) or whose thread was replaced must still
 * find the upload or export staged before.
 */
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ApiError } from '../../../shared/api/errors.ts';

export const STAGING_DIR_NAME = '.creditdesk-exchange';
/** Staged files older than this are removed whenever a new one is staged. */
const MAX_AGE_MS = 24 * 3600 * 1000;

interface Upload {
  fileName: string;
  size: number;
  received: number;
  nextIndex: number;
}

interface Download {
  fileName: string;
  size: number;
  rows: number;
}

/** Ids are made here (newId); one from a caller that is not of that form names no staged file. */
const STAGED_ID = /^[0-9a-f]{32}$/;

export function stagingDir(dbPath: string): string {
  return join(dirname(dbPath), STAGING_DIR_NAME);
}

const newId = () => randomBytes(16).toString('hex');

/** Keeps Chinese letters, digits and a few safe marks; no path separators. */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must go
  const cleaned = base.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').trim();
  return cleaned.slice(-150) || '文件';
}

export function createStaging(dbPath: string) {
  const dir = stagingDir(dbPath);
  const dataPath = (kind: 'up' | 'dl', id: string) => join(dir, `${kind}-${id}`);
  const metaPath = (kind: 'up' | 'dl', id: string) => join(dir, `${kind}-${id}.json`);

  function readMeta<T>(kind: 'up' | 'dl', id: string): T | null {
    if (!STAGED_ID.test(id)) return null;
    try {
      return JSON.parse(readFileSync(metaPath(kind, id), 'utf8')) as T;
    } catch {
      return null;
    }
  }

  function writeMeta(kind: 'up' | 'dl', id: string, meta: Upload | Download): void {
    writeFileSync(metaPath(kind, id), JSON.stringify(meta), { mode: 0o600 });
  }

  function remove(kind: 'up' | 'dl', id: string): void {
    rmSync(dataPath(kind, id), { force: true });
    rmSync(metaPath(kind, id), { force: true });
  }

  function ensureDir(): void {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const now = Date.now();
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      try {
        if (now - statSync(p).mtimeMs > MAX_AGE_MS) rmSync(p, { force: true });
      } catch {
        // raced with another removal
      }
    }
  }

  function upload(id: string): Upload {
    const u = readMeta<Upload>('up', id);
    if (!u) throw new ApiError('not_found', '上传的文件已失效，请重新选择文件。');
    return u;
  }

  return {
    dir,
    begin(fileName: string, size: number): string {
      ensureDir();
      const id = newId();
      closeSync(openSync(dataPath('up', id), 'w', 0o600));
      writeMeta('up', id, { fileName: safeFileName(fileName), size, received: 0, nextIndex: 0 });
      return id;
    },
    chunk(id: string, index: number, bytes: Uint8Array): number {
      const u = upload(id);
      if (index !== u.nextIndex)
        throw new ApiError('invalid_input', `文件分块顺序有误（应为第 ${u.nextIndex} 块）。`);
      if (u.received + bytes.length > u.size)
        throw new ApiError('invalid_input', '上传的数据超过了声明的文件大小。');
      appendFileSync(dataPath('up', id), bytes);
      u.received += bytes.length;
      u.nextIndex++;
      writeMeta('up', id, u);
      return u.received;
    },
    /** The complete upload's path and name; throws while chunks are missing. */
    file(id: string): { path: string; fileName: string } {
      const u = upload(id);
      if (u.received !== u.size) throw new ApiError('invalid_input', '文件尚未上传完整，请重新选择文件。');
      return { path: dataPath('up', id), fileName: u.fileName };
    },
    discard(id: string): void {
      if (STAGED_ID.test(id)) remove('up', id);
    },
    /** A fresh path for an export; register it with `offer` once written. */
    newDownloadPath(): { id: string; path: string } {
      ensureDir();
      const id = newId();
      return { id, path: dataPath('dl', id) };
    },
    offer(
      id: string,
      path: string,
      fileName: string,
      rows: number,
    ): { fileId: string; fileName: string; size: number; rows: number } {
      if (path !== dataPath('dl', id))
        throw new Error('a download is offered at the path newDownloadPath gave');
      const size = statSync(path).size;
      writeMeta('dl', id, { fileName: safeFileName(fileName), size, rows });
      return { fileId: id, fileName: safeFileName(fileName), size, rows };
    },
    /** One chunk of a staged download; the file is removed after its last chunk was read. */
    read(
      id: string,
      offset: number,
      max: number,
    ): { bytes: Uint8Array; nextOffset: number; size: number; done: boolean } {
      const d = readMeta<Download>('dl', id);
      const path = dataPath('dl', id);
      if (!d || !existsSync(path)) throw new ApiError('not_found', '要下载的文件已失效，请重新导出。');
      const len = Math.max(0, Math.min(max, d.size - offset));
      const bytes = new Uint8Array(len);
      const fd = openSync(path, 'r');
      try {
        readSync(fd, bytes, 0, len, offset);
      } finally {
        closeSync(fd);
      }
      const nextOffset = offset + len;
      const done = nextOffset >= d.size;
      if (done) remove('dl', id);
      return { bytes, nextOffset, size: d.size, done };
    },
    /** Removes everything staged (logout, close). */
    clear(): void {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Staging = ReturnType<typeof createStaging>;
