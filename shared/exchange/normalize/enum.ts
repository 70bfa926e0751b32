/**
 * Closed vocabularies: a cell is matched to one of `values`, directly or through `aliases`, after width
 * folding and whitespace removal. Unknown values are errors that list the allowed ones.
 */
import type { Cell, Normalized } from '../types.ts';
import { splitMulti } from './multi.ts';
import { cleanText, foldAll, isNullWord } from './text.ts';

function key(s: string): string {
  return foldAll(s).replace(/\s+/g, '').toUpperCase();
}

export interface EnumSpec {
  label: string;
  values?: readonly string[];
  aliases?: Readonly<Record<string, string>>;
  /** Chinese label of each value, for messages. */
  labels?: Readonly<Record<string, string>>;
  /** parseList: an unknown part becomes this value with a warning instead of an error. */
  unknownAs?: string;
  /** Fallback: the first pattern found in the text gives the value (“有限责任公司(自然人独资)” → enterprise). */
  patterns?: readonly (readonly [RegExp, string])[];
}

/** value/alias/label keys → canonical value, built once per spec (specs are module constants). */
const tables = new WeakMap<EnumSpec, Map<string, string>>();

function table(spec: EnumSpec): Map<string, string> {
  let t = tables.get(spec);
  if (!t) {
    t = new Map();
    // Later entries do not override earlier ones: canonical values first, then aliases, then labels.
    const add = (k: string, v: string) => {
      if (!t!.has(key(k))) t!.set(key(k), v);
    };
    for (const v of spec.values ?? []) add(v, v);
    for (const [alias, v] of Object.entries(spec.aliases ?? {})) add(alias, v);
    for (const [v, label] of Object.entries(spec.labels ?? {})) add(label, v);
    tables.set(spec, t);
  }
  return t;
}

function lookup(text: string, spec: EnumSpec): string | null {
  const t = table(spec);
  // Keys are their own key (key() is idempotent): a cell written exactly like one needs no folding.
  const hit = t.get(text) ?? t.get(key(text));
  if (hit !== undefined) return hit;
  for (const [re, v] of spec.patterns ?? []) if (re.test(text)) return v;
  return null;
}

function allowed(spec: EnumSpec): string {
  const vs = (spec.values ?? []).map((v) => spec.labels?.[v] ?? v);
  return vs.length <= 20 ? `，可填：${vs.join('、')}` : '';
}

export function parseEnum(cell: Cell, spec: EnumSpec): Normalized<string> {
  const text = cleanText(cell);
  if (text === '' || isNullWord(text)) return { value: null };
  const v = lookup(text, spec);
  if (v !== null) return { value: v };
  return { value: null, error: `「${text}」不是有效的${spec.label}${allowed(spec)}` };
}

/**
 * A multi-value cell whose parts are matched like parseEnum; without `values` the parts are kept as typed.
 * An alias may stand for several values, written “A、B” (没收违法所得和非法财物 → both 没收 kinds).
 */
export function parseList(cell: Cell, spec: EnumSpec): Normalized<string[]> {
  const parts = splitMulti(cell);
  if (parts.length === 0) return { value: null };
  if (!spec.values) return { value: parts };
  const out: string[] = [];
  const unknown: string[] = [];
  const push = (v: string) => {
    if (!out.includes(v)) out.push(v);
  };
  for (const p of parts) {
    const v = lookup(p, spec);
    if (v === null) {
      unknown.push(p);
      if (spec.unknownAs !== undefined) push(spec.unknownAs);
    } else for (const one of v.includes('、') ? v.split('、') : [v]) push(one);
  }
  if (unknown.length > 0 && spec.unknownAs !== undefined) {
    return {
      value: out,
      warning: `「${unknown.join('、')}」不是已知的${spec.label}，已按“${spec.unknownAs}”记录`,
    };
  }
  if (unknown.length > 0) {
    return { value: null, error: `「${unknown.join('、')}」不是有效的${spec.label}${allowed(spec)}` };
  }
  return { value: out };
}
