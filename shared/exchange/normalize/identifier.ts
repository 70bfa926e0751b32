/**
 * Identifier cells (SPEC §3, §7). Text goes through shared/identifiers unchanged; a numeric cell is
 * what Excel leaves when a code column was formatted as numbers: 13/15-digit 注册号 survive exactly,
 * anything longer has lost its last digits (Excel keeps 15 significant digits) and cannot be recovered.
 */
import { checkIdentifier, type IdentifierKind } from '../../identifiers/index.ts';
import type { Cell, Normalized } from '../types.ts';
import { cellText, isNullWord } from './text.ts';

export interface IdentifierValue {
  /** The normalised code (upper-case, no spaces or dashes). */
  code: string;
  kind: IdentifierKind;
  /** True when every check character passes (a failing check is only a warning, SPEC §3). */
  valid: boolean;
}

const REEXPORT = '请在 Excel 中把该列设为「文本」格式，从原系统重新导出（或照营业执照重新录入）后再导入';

/**
 * True when a numeric cell in a code column has lost digits: 16 digits or more cannot be held exactly by
 * Excel (15 significant digits), so an 18-digit USCC stored as a number is always damaged.
 */
export function isMangledNumericCode(n: number): boolean {
  return !Number.isFinite(n) || !Number.isInteger(n) || Math.abs(n) >= 1e15;
}

export function normalizeIdentifier(
  cell: Cell,
  opts: { context?: 'entity' | 'any' } = {},
): Normalized<IdentifierValue> {
  if (cell === null) return { value: null };
  if (typeof cell === 'boolean') return { value: null, error: `「${cell ? '是' : '否'}」不是代码` };
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || (Math.abs(cell) >= 1e15 && Number.isInteger(cell))) {
      const shown = cell.toExponential(5).replace('e+', 'E+');
      return {
        value: null,
        error: `代码被 Excel 当作数字保存（显示为「${shown}」），Excel 只保留 15 位有效数字，末几位已经丢失，无法恢复。${REEXPORT}`,
      };
    }
    if (!Number.isInteger(cell)) {
      return { value: null, error: `「${cell}」带有小数，不是有效代码。${REEXPORT}` };
    }
  }
  const text = cellText(cell).trim();
  if (text === '' || isNullWord(text)) return { value: null };
  const check = checkIdentifier(text, { context: opts.context ?? 'entity' });
  if (check.errors.length > 0) return { value: null, error: `「${text}」：${check.errors.join('；')}` };
  const result: Normalized<IdentifierValue> = {
    value: { code: check.normalized, kind: check.kind, valid: check.valid },
  };
  const warnings = [...check.warnings];
  if (typeof cell === 'number') {
    warnings.unshift('该代码在 Excel 中是数字格式，建议把该列设为「文本」，否则 18 位代码会被改坏');
  }
  if (warnings.length > 0) result.warning = `「${text}」：${warnings.join('；')}`;
  return result;
}

/**
 * True for a text that Excel produced from a long number: “9.13301E+17”, “9.13E+17”. Exposed for
 * previews that want to highlight the cell before any field mapping exists.
 */
export function looksLikeScientificCode(cell: Cell): boolean {
  if (typeof cell === 'number') return Number.isInteger(cell) && Math.abs(cell) >= 1e15;
  if (typeof cell !== 'string') return false;
  return /^\s*[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d{1,3}\s*$/.test(cell) && /[.,+]/.test(cell);
}
