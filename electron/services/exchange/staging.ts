/**
 * Staged files of the exchange: uploads arriving in chunks and exports waiting to be downloaded in
 * chunks. They live in a folder beside the database (same disk, same access rights as the data itself),
 * never in a shared temp folder, and are removed when used, when the session ends, or at the next start.
 */
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ApiError } from '../../../shared/api/errors.ts';

export const STAGING_DIR_NAME = '.creditdesk-exchange';
/** Staged files older than this are removed whenever a new one is staged. */
const MAX_AGE_MS = 24 * 3600 * 1000;

interface Upload {
  path: string;
  fileName: string;
  size: number;
  received: number;
  nextIndex: number;
}

interface Download {
  path: string;
  fileName: string;
  size: number;
  rows: number;
}

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
  const uploads = new Map<string, Upload>();
  const downloads = new Map<string, Download>();

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
    const u = uploads.get(id);
    if (!u) throw new ApiError('not_found', '上传的文件已失效，请重新选择文件。');
    return u;
  }

  return {
    dir,
    begin(fileName: string, size: number): string {
      ensureDir();
      const id = newId();
      const path = join(dir, `up-${id}`);
      closeSync(openSync(path, 'w', 0o600));
      uploads.set(id, { path, fileName: safeFileName(fileName), size, received: 0, nextIndex: 0 });
      return id;
    },
    chunk(id: string, index: number, bytes: Uint8Array): number {
      const u = upload(id);
      if (index !== u.nextIndex)
        throw new ApiError('invalid_input', `文件分块顺序有误（应为第 ${u.nextIndex} 块）。`);
      if (u.received + bytes.length > u.size)
        throw new ApiError('invalid_input', '上传的数据超过了声明的文件大小。');
      appendFileSync(u.path, bytes);
      u.received += bytes.length;
      u.nextIndex++;
      return u.received;
    },
    /** The complete upload's path and name; throws while chunks are missing. */
    file(id: string): { path: string; fileName: string } {
      const u = upload(id);
      if (u.received !== u.size) throw new ApiError('invalid_input', '文件尚未上传完整，请重新选择文件。');
      return { path: u.path, fileName: u.fileName };
    },
    discard(id: string): void {
      const u = uploads.get(id);
      if (!u) return;
      uploads.delete(id);
      rmSync(u.path, { force: true });
    },
    /** A fresh path for an export; register it with `offer` once written. */
    newDownloadPath(): { id: string; path: string } {
      ensureDir();
      const id = newId();
      return { id, path: join(dir, `dl-${id}`) };
    },
    offer(
      id: string,
      path: string,
      fileName: string,
      rows: number,
    ): { fileId: string; fileName: string; size: number; rows: number } {
      const size = statSync(path).size;
      downloads.set(id, { path, fileName: safeFileName(fileName), size, rows });
      return { fileId: id, fileName: safeFileName(fileName), size, rows };
    },
    /** One chunk of a staged download; the file is removed after its last chunk was read. */
    read(
      id: string,
      offset: number,
      max: number,
    ): { bytes: Uint8Array; nextOffset: number; size: number; done: boolean } {
      const d = downloads.get(id);
      if (!d || !existsSync(d.path)) throw new ApiError('not_found', '要下载的文件已失效，请重新导出。');
      const len = Math.max(0, Math.min(max, d.size - offset));
      const bytes = new Uint8Array(len);
      const fd = openSync(d.path, 'r');
      try {
        readSync(fd, bytes, 0, len, offset);
      } finally {
        closeSync(fd);
      }
      const nextOffset = offset + len;
      const done = nextOffset >= d.size;
      if (done) {
        downloads.delete(id);
        rmSync(d.path, { force: true });
      }
      return { bytes, nextOffset, size: d.size, done };
    },
    /** Removes everything staged (logout, close). */
    clear(): void {
      uploads.clear();
      downloads.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Staging = ReturnType<typeof createStaging>;
