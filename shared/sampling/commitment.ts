/**
 * Step 2 of SPEC §6.4: the commitment. `digest = SHA-256(UTF-8(canonical JSON))`, where the canonical
 * JSON is fixed byte for byte in docs/sampling-draw.md: no whitespace, object keys in lexicographic order
 * (so the text is also its own RFC 8785 canonical form), strings escaped as JSON.stringify escapes them,
 * integers in decimal, every list in a defined order. It depends on the inputs' content, never on their
 * order. Only what the draw uses is committed (e.g. inspectors' names and exclusion reasons are not).
 */
import type { PreparedDraw } from './prepare.ts';
import { Sha256, toHex, utf8 } from './sha256.ts';

export const COMMITMENT_FORMAT = 'creditdesk-sampling-commitment/1';

const str = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));
const strs = (a: readonly string[]): string => JSON.stringify(a);

/** The canonical text in pieces (the candidate lists can be tens of megabytes; they are hashed piecewise). */
export function* commitmentPieces(
  p: PreparedDraw,
  writeIds?: (ids: readonly string[]) => void,
): Generator<string> {
  yield `{"format":${str(COMMITMENT_FORMAT)},"gradingRun":${str(p.gradingRun)},"inspectors":[`;
  yield p.inspectors
    .map(
      (i) =>
        `{"active":${i.active},"certificateExpiry":${str(i.certificateExpiry)},"expert":${i.expert},"id":${str(i.id)},"qualifications":${strs(i.qualifications)}}`,
    )
    .join(',');
  yield '],"strata":[';
  for (let s = 0; s < p.strata.length; s++) {
    const st = p.strata[s]!;
    yield `${s > 0 ? ',' : ''}{"bp":${st.bp},"class":${str(st.class)},"ids":`;
    if (writeIds) writeIds(st.ids);
    else yield strs(st.ids);
    yield `,"k":${st.k},"kind":${str(st.kind)},"n":${st.ids.length}}`;
  }
  const conflicts = p.conflicts.map((c) => `{"entity":${str(c.entity)},"inspector":${str(c.inspector)}}`);
  const items = p.items.map((i) => `{"code":${str(i.code)},"qualification":${str(i.qualification)}}`);
  const ratios = p.ratios.map((r) => `{"bp":${r.bp},"class":${str(r.class)},"kind":${str(r.kind)}}`);
  yield `],"task":{"classOrder":${strs(p.classOrder)},"conflicts":[${conflicts.join(',')}],"endDate":${str(p.endDate)},"exclusions":${strs(p.exclusions)},"items":[${items.join(',')}],"name":${str(p.name)},"number":${str(p.number)},"ratios":[${ratios.join(',')}],"startDate":${str(p.startDate)},"teamSize":${p.teamSize}}}`;
}

/** The canonical serialisation as one string (for documentation, tests and third-party checks). */
export function commitmentText(p: PreparedDraw): string {
  return [...commitmentPieces(p)].join('');
}

/**
 * Feeds text to SHA-256 through one reusable buffer. Plain-code id lists (digits and capitals, the normal
 * case) are written byte by byte without building their JSON text: for a million candidates this halves
 * the commitment's cost. The bytes are exactly those of `commitmentText`.
 */
class HashSink {
  private readonly h: IncrementalHash;
  private readonly buf = new Uint8Array(1 << 16);
  private n = 0;

  constructor(hash: IncrementalHash) {
    this.h = hash;
  }

  private flush(): void {
    this.h.update(this.buf.subarray(0, this.n));
    this.n = 0;
  }

  text(s: string): void {
    this.flush();
    this.h.update(utf8(s));
  }

  /** `["id1","id2",…]` for ids known to be ASCII letters and digits. */
  plainIds(ids: readonly string[]): void {
    const buf = this.buf;
    const room = buf.length - 4;
    buf[this.n++] = 0x5b; // [
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (this.n + id.length + 3 > room) this.flush();
      if (i > 0) buf[this.n++] = 0x2c; // ,
      buf[this.n++] = 0x22; // "
      for (let j = 0; j < id.length; j++) buf[this.n++] = id.charCodeAt(j);
      buf[this.n++] = 0x22;
    }
    buf[this.n++] = 0x5d; // ]
  }

  digest(): Uint8Array {
    this.flush();
    return this.h.digest();
  }
}

/** A SHA-256 in progress: the pure `Sha256` here, or e.g. node:crypto's `createHash('sha256')`. */
export interface IncrementalHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

/**
 * The 32 digest bytes. `hash` may supply a faster SHA-256 (the CLI passes node:crypto's, about ten
 * times faster on the tens of megabytes of a million candidates); the result is the same bytes.
 */
export function commitmentDigest(
  p: PreparedDraw,
  hash: () => IncrementalHash = () => new Sha256(),
): Uint8Array {
  const sink = new HashSink(hash());
  for (const piece of commitmentPieces(p, p.plainIds ? (ids) => sink.plainIds(ids) : undefined))
    sink.text(piece);
  return sink.digest();
}

export function commitmentDigestHex(p: PreparedDraw, hash?: () => IncrementalHash): string {
  return toHex(commitmentDigest(p, hash));
}
