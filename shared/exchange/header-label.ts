/**
 * Header label normalisation: templates mark required columns with `*` (or ＊, ※), break long labels
 * over lines, mix full- and half-width brackets and sometimes add a unit or note in brackets.
 */
import { foldWidth } from '../identifiers/normalize.ts';

/** Width folded, `*` and similar markers, whitespace and trailing colons removed, Latin lower-cased. */
export function normalizeHeaderLabel(raw: string): string {
  return foldWidth(raw)
    .replace(/[*※★☆]/g, '')
    .replace(/[\s\u200B-\u200D\uFEFF]/g, '')
    .replace(/[:：]+$/, '')
    .replace(/^\d{1,2}[.、]/, '')
    .toLowerCase();
}

/** The label without a bracketed note: “企业名称(必填)” → “企业名称”, “注册资本(万元)” → “注册资本”. */
export function stripBracketNote(norm: string): string {
  return norm.replace(/[([【][^()[\]【】]*[)\]】]/g, '');
}
