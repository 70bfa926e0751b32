/**
 * Personal identifiers of inspectors: 居民身份证号 (GB 11643-1999, ISO 7064 MOD 11-2 check) and phone
 * numbers. Both are often damaged by Excel's number format, so numeric cells are checked for lost digits.
 */
import { foldWidth } from '../../identifiers/normalize.ts';
import type { Cell, Normalized } from '../types.ts';
import { cellText, isNullWord } from './text.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

const MANGLED = '被 Excel 当作数字处理过，末几位已经丢失，无法恢复；请把该列设为「文本」格式后重新录入';

export function normalizeIdNumber(cell: Cell): Normalized<string> {
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || Math.abs(cell) >= 1e15)
      return { value: null, error: `身份证号${MANGLED}` };
  }
  const raw = cellText(cell);
  const t = foldWidth(raw).replace(/[\s-]/g, '').toUpperCase();
  if (t === '' || isNullWord(t)) return { value: null };
  if (/^\d+(?:\.\d+)?E\+?\d+$/.test(t)) return { value: null, error: `身份证号「${raw.trim()}」${MANGLED}` };
  if (!/^\d{17}[\dX]$/.test(t)) {
    if (/^\d{15}$/.test(t)) return { value: t, warning: `「${t}」是 15 位旧身份证号，建议改为 18 位` };
    return { value: null, error: `「${raw.trim()}」不是 18 位居民身份证号` };
  }
  const expected = idNumberCheckChar(t);
  if (expected !== t[17]) {
    return { value: t, warning: `身份证号「${t}」的校验位应为 ${expected}，可能录入有误，请核对` };
  }
  return { value: t };
}

/** Phone numbers: digits, '-', '+', ',' between several numbers; numbers from numeric cells kept whole. */
export function normalizePhone(cell: Cell): Normalized<string> {
  if (typeof cell === 'number' && (!Number.isInteger(cell) || Math.abs(cell) >= 1e15)) {
    return { value: null, error: `电话号码${MANGLED}` };
  }
  const t = foldWidth(cellText(cell)).replace(/\s+/g, '').trim();
  if (t === '' || isNullWord(t)) return { value: null };
  if (/^\d+(?:\.\d+)?E\+?\d+$/i.test(t)) return { value: null, error: `电话号码「${t}」${MANGLED}` };
  if (!/^[\d+\-—()（）,，、;；/转]+$/.test(t) || !/\d{5,}/.test(t.replace(/[-—()（）]/g, ''))) {
    return { value: t, warning: `「${t}」不像电话号码，请核对` };
  }
  return { value: t.replace(/[，、;；]/g, ',') };
}
