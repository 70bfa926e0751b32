/**
 * Dates in every form SPEC §7 lists: Excel serials in the 1900 and 1904 date systems, 2021-06-29,
 * 2021/6/29, 2021.6.29, 2021年6月29日, 20210629, optionally followed by a time (which is dropped);
 * 9999-09-09, 长期 and 长期有效 mean “no end date”.
 */
import { daysInMonth } from '../../dates/iso-date.ts';
import type { Cell, CellContext, DateValue, Normalized } from '../types.ts';
import { foldAll, isNullWord } from './text.ts';

/** Years outside this range are typing errors in this domain (1900 covers old registrations). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
/** The largest serial Excel accepts (9999-12-31). */
const MAX_SERIAL = 2958465;
const MS_PER_DAY = 86_400_000;
/** Day 0 of the 1904 system is 1904-01-01; the 1900 system counts from 1899-12-31 with a fake 1900-02-29. */
const EPOCH_1904 = Date.UTC(1904, 0, 1);
const EPOCH_1900 = Date.UTC(1899, 11, 31);

const LONG_TERM_WORDS = new Set(['长期', '长期有效', '永久', '永久有效', '无期限', '不约定期限']);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** 'YYYY-MM-DD' when y-m-d is a real calendar date, else null. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (m < 1 || m > 12 || d < 1) return null;
  if (d > daysInMonth(y, m)) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/**
 * Excel serial → 'YYYY-MM-DD' (the time of day is dropped, rounding to the second as Excel displays it).
 * In the 1900 system, serial 60 is Lotus's 1900-02-29, which never existed: reported as null.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > MAX_SERIAL) return null;
  const day = Math.floor(serial + 0.5 / 86_400);
  let ms: number;
  if (date1904) ms = EPOCH_1904 + day * MS_PER_DAY;
  else if (day === 60) return null;
  else ms = EPOCH_1900 + (day > 60 ? day - 1 : day) * MS_PER_DAY;
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 2021-06-29, 2021/6/29, 2021.6.29, 2021年6月29日 (time after the date allowed and ignored). */
const YMD =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T)\d{1,2}[:：]\d{1,2}(?:[:：]\d{1,2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** 20210629 */
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
/** A year and month only (2020年1月, 2020-01): a date without a day is not a date. */
const YEAR_MONTH = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;

const FORMAT_HINT = '日期请写成 2021-06-29、2021/6/29、2021.6.29、2021年6月29日 或 20210629';

function yearOnly(shown: string): string {
  return `「${shown}」只有年份，缺少月和日。${FORMAT_HINT}`;
}

function checkYear(iso: string, shown: string): Normalized<DateValue> {
  const y = Number(iso.slice(0, 4));
  if (y < MIN_YEAR || y > MAX_YEAR) {
    return { value: null, error: `日期「${shown}」的年份 ${y} 不合理，请核对` };
  }
  return { value: { date: iso, longTerm: false } };
}

function isLongTerm(y: number, m: number, d: number): boolean {
  return y === 9999 && m === 9 && d === 9;
}

/** A matched year, month and day: no end date, a real date, or why not. */
function ymd(y: number, mo: number, d: number, shown: string): Normalized<DateValue> {
  if (isLongTerm(y, mo, d)) return { value: { date: null, longTerm: true } };
  const iso = isoDate(y, mo, d);
  if (!iso) return { value: null, error: `「${shown}」不是真实存在的日期，请核对月份和日` };
  return checkYear(iso, shown);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

/** Exactly `dddd-dd-dd`, nothing around it. */
function isPlainIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d) return false;
  for (const i of ISO_DIGITS) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Parse a date cell. Numbers are Excel serials in the workbook's date system (`ctx.date1904`); an
 * all-digit text of 5 digits is taken as a serial too (CSV exports of date columns), with a warning.
 */
export function parseDate(cell: Cell, ctx: CellContext = {}): Normalized<DateValue> {
  if (cell === null || typeof cell === 'boolean') {
    return cell === null ? { value: null } : { value: null, error: `「${cell ? '是' : '否'}」不是日期` };
  }
  if (typeof cell === 'number') {
    if (Number.isInteger(cell) && cell >= 19000101 && cell <= 99991231) return parseDate(String(cell), ctx);
    // A bare year typed into a date column would otherwise read as a serial in 1905.
    if (Number.isInteger(cell) && cell >= MIN_YEAR && cell <= MAX_YEAR)
      return { value: null, error: yearOnly(String(cell)) };
    const iso = excelSerialToIso(cell, ctx.date1904 === true);
    if (!iso) return { value: null, error: `「${cell}」不是有效的日期。${FORMAT_HINT}` };
    return checkYear(iso, iso);
  }
  if (isPlainIsoDate(cell)) {
    // The form our exports and most registries write: the same checks as the general path below,
    // without its folding, placeholder and pattern steps (a date column of 100,000 rows pays them once each).
    return ymd(Number(cell.slice(0, 4)), Number(cell.slice(5, 7)), Number(cell.slice(8, 10)), cell);
  }
  const shown = cell.trim();
  const t = foldAll(cell)
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
  if (t === '' || isNullWord(t)) return { value: null };
  if (LONG_TERM_WORDS.has(t.replace(/\s/g, ''))) return { value: { date: null, longTerm: true } };

  const m = YMD.exec(t) ?? COMPACT.exec(t.replace(/\s/g, ''));
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]), shown);
  if (/^\d{5}(?:\.\d+)?$/.test(t)) {
    const iso = excelSerialToIso(Number(t), ctx.date1904 === true);
    if (iso) {
      const res = checkYear(iso, shown);
      if (res.value) res.warning = `「${shown}」按 Excel 日期序号理解为 ${iso}，请核对`;
      return res;
    }
  }
  if (/^\d{4}年?$/.test(t) && Number(t.slice(0, 4)) >= MIN_YEAR)
    return { value: null, error: yearOnly(shown) };
  if (YEAR_MONTH.test(t))
    return { value: null, error: `「${shown}」缺少“日”，请填写完整日期。${FORMAT_HINT}` };
  return { value: null, error: `无法识别的日期「${shown}」。${FORMAT_HINT}` };
}
