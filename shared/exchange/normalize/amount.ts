/**
 * Amounts with units and currencies (SPEC §7): “51.8000(万元人民币)”, “1,428万元”, “13(万美元)”,
 * “￥1,000.00”, “5000元”, “人民币100万元”. A bare number is in the field's default unit (元 for fines,
 * 万元 for registered capital, as registries and government templates write them).
 */
import type { AmountValue, Cell, Normalized } from '../types.ts';
import { foldAll, isNullWord } from './text.ts';

const MULTIPLIERS: readonly [string, number][] = [
  ['亿', 1e8],
  ['千万', 1e7],
  ['百万', 1e6],
  ['万', 1e4],
  ['千', 1e3],
];

/** Currency words and symbols → the currency name stored. The first match wins, longest words first. */
const CURRENCIES: readonly [RegExp, string][] = [
  [/美元|美金|USD|US\$/i, '美元'],
  [/香港元|港元|港币|HKD|HK\$/i, '港元'],
  [/欧元|EUR|€/i, '欧元'],
  [/日元|JPY|円/i, '日元'],
  [/英镑|GBP|£/i, '英镑'],
  [/澳门元|MOP/i, '澳门元'],
  [/新台币|TWD/i, '新台币'],
  [/人民币|RMB|CNY|[¥￥]|元/i, '人民币'],
];

const NUMBER = /[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/;

export interface AmountOptions {
  /** The unit of a bare number, e.g. '元' or '万元'. Default '元'. */
  defaultUnit?: string;
}

function multiplierOf(unit: string): number {
  for (const [word, factor] of MULTIPLIERS) if (unit.startsWith(word)) return factor;
  return 1;
}

export function parseAmount(cell: Cell, opts: AmountOptions = {}): Normalized<AmountValue> {
  const defaultUnit = opts.defaultUnit ?? '元';
  if (cell === null) return { value: null };
  if (typeof cell === 'boolean') return { value: null, error: `「${cell ? '是' : '否'}」不是金额` };
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { value: null, error: '金额不是有效数字' };
    return { value: build(cell, defaultUnit, '人民币') };
  }
  const shown = cell.trim();
  const t = foldAll(cell).replace(/\s+/g, '');
  if (t === '' || isNullWord(t)) return { value: null };
  const m = NUMBER.exec(t);
  if (!m) return { value: null, error: `无法识别的金额「${shown}」，请只填写数字（如 5000 或 51.8万元）` };
  const amount = Number(m[0].replace(/,/g, ''));
  const rest = (t.slice(0, m.index) + t.slice(m.index + m[0].length)).replace(/[()（）[\]【】]/g, '');
  let currency = '人民币';
  for (const [re, name] of CURRENCIES) {
    if (re.test(rest)) {
      currency = name;
      break;
    }
  }
  const unitWord = /亿|千万|百万|万|千/.exec(rest)?.[0];
  const unit = unitWord ? `${unitWord}元` : /[元¥￥$€£]|RMB|CNY|USD|HKD/i.test(rest) ? '元' : defaultUnit;
  const leftover = rest
    .replace(/亿|千万|百万|万|千/g, '')
    .replace(
      /人民币|美元|美金|香港元|港元|港币|欧元|日元|英镑|澳门元|新台币|元|RMB|CNY|USD|HKD|EUR|JPY|GBP|MOP|TWD|[¥￥$€£円]/gi,
      '',
    );
  if (leftover !== '') {
    return { value: null, error: `金额「${shown}」中有无法识别的内容「${leftover}」` };
  }
  const value = build(amount, unit, currency);
  if (amount < 0) return { value, warning: `金额「${shown}」为负数，请核对` };
  return { value };
}

function build(amount: number, unit: string, currency: string): AmountValue {
  // Round away binary noise: 51.8 × 10000 must be 518000, not 517999.99999999994.
  const value = Number((amount * multiplierOf(unit)).toPrecision(15));
  return { amount, unit, currency, value };
}
