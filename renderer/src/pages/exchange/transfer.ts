/**
 * Files between the renderer and the backend, in chunks: the browser-mode HTTP binding accepts at most
 * 1 MiB of JSON per call (and IPC carries the same JSON), so uploads go as base64 chunks and downloads
 * come back as chunks the renderer assembles into a Blob, saved with an <a download>.
 */
import type { DownloadInfo } from '../../../../shared/api/contracts/exchange.ts';
import { api } from '../../api.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Sends the file; returns the upload id the preview and commit calls refer to. */
export async function uploadFile(
  file: File,
  onProgress?: (sent: number, total: number) => void,
): Promise<string> {
  const { uploadId, chunkBytes } = await api.call('exchange.uploadBegin', {
    fileName: file.name,
    size: file.size,
  });
  let index = 0;
  try {
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
      await api.call('exchange.uploadChunk', { uploadId, index, base64: toBase64(bytes) });
      index++;
      onProgress?.(Math.min(offset + chunkBytes, file.size), file.size);
    }
  } catch (e) {
    // The caller never learns this upload's id, so nothing else would drop what was staged.
    void api.call('exchange.discard', { uploadId }).catch(() => undefined);
    throw e;
  }
  return uploadId;
}

/** Fetches a staged export or report and hands it to the browser's download. */
export async function saveDownload(d: DownloadInfo): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const r = await api.call('exchange.download', { fileId: d.fileId, offset });
    parts.push(fromBase64(r.base64));
    offset = r.nextOffset;
    if (r.done) break;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: XLSX_MIME }));
  const a = document.createElement('a');
  a.href = url;
  a.download = d.fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
