/**
 * How an indicator reads to an officer in an explanation: what was counted, over which window, and
 * the word for one of them ("近 36 个月内行政处罚 2 起，扣 120 分"). Built from the indicator's own
 * sources, so a model an administrator imports reads the same way as the built-in ones.
 */
import type { RecordType } from '../domain/records.ts';
import type { DerivedSource, Indicator, RecordPredicate } from './types.ts';

type Source = RecordPredicate | DerivedSource;

/** The window of one source in words, and the words a label may use to say the same. */
function sourceWindow(src: Source): { phrase: string; says: string[] } {
  if ('derived' in src) {
    return src.derived === 'annualReportsMissing'
      ? { phrase: `近 ${src.years} 年`, says: [`${src.years} 年`] }
      : { phrase: `自成立起（最多计 ${src.years} 年）`, says: ['成立', '经营年限'] };
  }
  if (src.within) {
    const m = src.within.months;
    const says = [`${m} 个月`];
    if (m % 12 === 0) says.push(`${m / 12} 年`);
    return { phrase: `近 ${m} 个月内`, says };
  }
  const state = src.state ?? (IN_EFFECT_BY_DEFAULT.has(src.type) ? 'inEffect' : 'any');
  if (state === 'inEffect') {
    if (src.type === 'penalty') return { phrase: '公示期内', says: ['公示期'] };
    if (src.type === 'abnormal_list') return { phrase: '当前', says: ['当前'] };
    return { phrase: '在列期间', says: ['在列', '当前'] };
  }
  return { phrase: '累计', says: ['累计', '截至', '历次'] };
}

/** Record kinds whose default state is 'inEffect' (types.ts RecordPredicate.state). */
const IN_EFFECT_BY_DEFAULT: ReadonlySet<RecordType> = new Set([
  'penalty',
  'abnormal_list',
  'serious_violation_list',
  'joint_punishment',
]);

/** The window of an indicator in words: its sources' windows, each said once ("近 36 个月内"). */
export function indicatorWindow(ind: Indicator): string {
  const phrases = [...new Set(ind.sources.map((s) => sourceWindow(s).phrase))];
  return phrases.join('、');
}

/** True when the label already says every source's window in its own words. */
function labelSaysWindow(ind: Indicator): boolean {
  return ind.sources.every((s) => sourceWindow(s).says.some((w) => ind.label.includes(w)));
}

/** The label with its window: the model's own label when it says the window, else the window first. */
export function indicatorHeadline(ind: Indicator): string {
  return labelSaysWindow(ind) ? ind.label : `${indicatorWindow(ind)}${ind.label}`;
}

const UNITS: Readonly<Record<RecordType, string>> = {
  penalty: '起',
  abnormal_list: '次',
  serious_violation_list: '次',
  joint_punishment: '次',
  inspection: '次',
  complaint: '件',
  annual_report: '份',
  quality_check: '次',
  commitment: '项',
  commendation: '项',
  public_credit_score: '次',
  change: '次',
};

/** The counting word for one of what the indicator counts ("2 起" penalties, "3 年" of operation). */
export function countUnit(ind: Indicator): string {
  const first = ind.sources[0];
  if (!first) return '次';
  if ('derived' in first) return first.derived === 'annualReportsMissing' ? '份' : '年';
  return UNITS[first.type] ?? '次';
}
