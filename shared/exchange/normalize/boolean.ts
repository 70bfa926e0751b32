/** 是/否 cells (SPEC §7) and the other ways people write yes and no in Excel. */
import type { Cell, Normalized } from '../types.ts';
import { foldAll } from './text.ts';

const YES = new Set(['是', '√', '✓', '✔', '对', '有', 'Y', 'YES', 'TRUE', 'T', '1', '属实', '按时', '合格']);
const NO = new Set([
  '否',
  '×',
  '✗',
  '✘',
  '错',
  '无',
  'N',
  'NO',
  'FALSE',
  'F',
  '0',
  '不属实',
  '逾期',
  '不合格',
]);

export function parseYesNo(cell: Cell): Normalized<boolean> {
  if (cell === null) return { value: null };
  if (typeof cell === 'boolean') return { value: cell };
  if (typeof cell === 'number') {
    if (cell === 1) return { value: true };
    if (cell === 0) return { value: false };
    return { value: null, error: `「${cell}」不是“是”或“否”` };
  }
  const t = foldAll(cell).replace(/\s+/g, '').toUpperCase();
  if (t === '') return { value: null };
  if (YES.has(t)) return { value: true };
  if (NO.has(t)) return { value: false };
  return { value: null, error: `「${cell.trim()}」不是“是”或“否”，请填写“是”或“否”` };
}
