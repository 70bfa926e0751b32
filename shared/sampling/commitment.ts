/**
 * Step 2 of SPEC §6.4: the commitment. `digest = SHA-256(UTF-8(canonical JSON))`, where the canonical
 * JSON is fixed byte for byte in docs/sampling-draw.md: no whitespace, object keys in lexicographic order
 * (so the text is also its own RFC 8785 canonical form), strings escaped as JSON.stringify escapes them,
 * integers in decimal, every list in a defined order. It depends on the inputs' content, never on their
 * order. Only what the draw uses is committed (e.g. inspectors' names and exclusion reasons are not).
 */
import type { PreparedDraw, PreparedStratum } from './prepare.ts';
import { Sha256, toHex, utf8 } from './sha256.ts';

export const COMMITMENT_FORMAT = 'creditdesk-sampling-commitment/1';

const str = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));
const strs = (a: readonly string[]): string => JSON.stringify(a);

/**
 * The JSON text of a stratum's id list, made once per prepared stratum: the commitment hashes it and
 * the plan file embeds it (tens of megabytes for a million candidates). A prepared draw's lists are
 * never changed after prepareDraw, so the text stays theirs.
 */
const idsText = new WeakMap<PreparedStratum, string>();
export function stratumIdsJson(s: PreparedStratum): string {
  let text = idsText.get(s);
  if (text === undefined) {
    text = strs(s.ids);
    idsText.set(s, text);
  }
  return text;
}

/** The canonical text in pieces (the candidate lists can be tens of megabytes; they are hashed piecewise). */
export function* commitmentPieces(p: PreparedDraw): Generator<string> {
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
    yield stratumIdsJson(st);
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

/** A SHA-256 in progress: the pure `Sha256` here, or e.g. node:crypto's `createHash('sha256')`. */
export interface IncrementalHash {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
  /**
   * Optional: hash the UTF-8 of `text` directly. A native hash (node:crypto's `update(text, 'utf8')`)
   * encodes tens of megabytes of ids far faster than an encoding loop in JS; the bytes are the same.
   */
  updateText?(text: string): unknown;
}

/** Characters encoded per step: a list of a million ids is never encoded into one 21 MB array. */
const CHUNK = 1 << 16;

/** The UTF-8 of `text` into a hash that takes bytes only, a cache-sized chunk at a time. */
function updateUtf8(h: IncrementalHash, text: string): void {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + CHUNK);
    // A surrogate pair is never split between two chunks (each half alone would become U+FFFD).
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end++;
    h.update(utf8(at === 0 && end === text.length ? text : text.slice(at, end)));
    at = end;
  }
}

/**
 * The 32 digest bytes. `hash` may supply a faster SHA-256 (the CLI passes node:crypto's, about ten
 * times faster on the tens of megabytes of a million candidates); the result is the same bytes.
 */
export function commitmentDigest(
  p: PreparedDraw,
  hash: () => IncrementalHash = () => new Sha256(),
): Uint8Array {
  const h = hash();
  for (const piece of commitmentPieces(p)) {
    if (h.updateText) h.updateText(piece);
    else updateUtf8(h, piece);
  }
  return h.digest();
}

export function commitmentDigestHex(p: PreparedDraw, hash?: () => IncrementalHash): string {
  return toHex(commitmentDigest(p, hash));
}
