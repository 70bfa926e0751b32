/** Plain numbers and integers (scores, years): thousands separators and full-width digits allowed. */
import type { Cell, Normalized } from '../types.ts';
import { foldAll, isNullWord } from './text.ts';

export function parseNumber(cell: Cell): Normalized<number> {
  if (cell === null) return { value: null };
  if (typeof cell === 'boolean') return { value: null, error: `「${cell ? '是' : '否'}」不是数字` };
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? { value: cell } : { value: null, error: '不是有效数字' };
  const t = foldAll(cell).replace(/\s+/g, '');
  if (t === '' || isNullWord(t)) return { value: null };
  if (!/^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?$/.test(t) || !/\d/.test(t)) {
    return { value: null, error: `「${cell.trim()}」不是数字` };
  }
  const n = Number(t.replace(/[,%]/g, ''));
  return { value: t.endsWith('%') ? n / 100 : n };
}

export function parseInteger(cell: Cell): Normalized<number> {
  const r = parseNumber(typeof cell === 'string' ? cell.replace(/年度?$/, '') : cell);
  if (r.value !== null && !Number.isInteger(r.value)) {
    return { value: null, error: `「${typeof cell === 'string' ? cell.trim() : cell}」应为整数` };
  }
  return r;
}
