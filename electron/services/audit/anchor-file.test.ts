import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { appendAnchor, readAnchorFile } from './anchor-file.ts';

const H = (c: string) => c.repeat(64);

describe('the anchor file beside the database', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  function file(): string {
    const t = tempDir();
    cleanup = t.cleanup;
    return join(t.dir, 'creditdesk.db.audit-anchors.jsonl');
  }

  it('appends chained lines and skips an anchor equal to the last one', () => {
    const path = file();
    expect(readAnchorFile(path)).toEqual({ status: 'missing', anchors: [] });
    appendAnchor(path, { id: 3, hash: H('a') }, 'setup', '2026-03-01T08:00:00Z');
    appendAnchor(path, { id: 3, hash: H('a') }, 'session-end', '2026-03-01T08:01:00Z');
    appendAnchor(path, { id: 7, hash: H('b') }, 'backup', '2026-03-01T08:02:00Z');
    const r = readAnchorFile(path);
    expect(r.status).toBe('ok');
    expect(r.anchors.map((l) => [l.seq, l.id, l.source])).toEqual([
      [1, 3, 'setup'],
      [2, 7, 'backup'],
    ]);
    expect(r.anchors[1]!.prev).toBe(r.anchors[0]!.line);
  });

  it('a line torn by a crash is ignored, and cut off by the next append', () => {
    const path = file();
    appendAnchor(path, { id: 3, hash: H('a') }, 'login', '2026-03-01T08:00:00Z');
    appendFileSync(path, '{"seq":2,"at":"2026-03-01T08:0'); // the process died inside the write
    expect(readAnchorFile(path)).toMatchObject({ status: 'ok', anchors: [{ id: 3 }] });
    appendAnchor(path, { id: 9, hash: H('c') }, 'login', '2026-03-01T09:00:00Z');
    const r = readAnchorFile(path);
    expect(r).toMatchObject({
      status: 'ok',
      anchors: [
        { seq: 1, id: 3 },
        { seq: 2, id: 9 },
      ],
    });
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(3); // two lines and the final newline
  });

  it('a line edited or removed by hand makes the file damaged from there on', () => {
    const path = file();
    for (let i = 1; i <= 3; i++)
      appendAnchor(path, { id: i, hash: H(String(i)) }, 'login', `2026-03-0${i}T08:00:00Z`);
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, [lines[0], lines[2], ''].join('\n'));
    expect(readAnchorFile(path)).toMatchObject({ status: 'damaged', damagedAt: 2, anchors: [{ id: 1 }] });
    writeFileSync(path, [lines[0], lines[1]!.replace(H('2'), H('f')), lines[2], ''].join('\n'));
    expect(readAnchorFile(path)).toMatchObject({ status: 'damaged', damagedAt: 2 });
  });
});
