/**
 * 行政处罚的种类: the list of 《行政处罚法》 (2021) Art. 9, plus 吊销营业执照 (45号令 Art. 14 names it
 * apart from 吊销许可证件), and the spellings seen in real files. One vocabulary for the record schema,
 * the Excel import, pure grading and the models, so a kind is spelt the same everywhere.
 */

export const PENALTY_KINDS = [
  '警告',
  '通报批评',
  '罚款',
  '没收违法所得',
  '没收非法财物',
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证件',
  '吊销营业执照',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
  '行政拘留',
  '其他',
] as const;

export type PenaltyKind = (typeof PENALTY_KINDS)[number];

/** Art. 9 (6): 法律、行政法规规定的其他行政处罚 — and where an unknown kind is kept. */
export const OTHER_PENALTY_KIND: PenaltyKind = '其他';

/**
 * Other spellings → the kind(s) they mean. `没收` was this program's own word for both 没收 kinds
 * before the full list; records stored with it read as 没收违法所得 (the common case in county files).
 */
export const PENALTY_KIND_SYNONYMS: Readonly<Record<string, PenaltyKind | readonly PenaltyKind[]>> = {
  罚金: '罚款',
  处罚款: '罚款',
  处以罚款: '罚款',
  通报: '通报批评',
  没收: '没收违法所得',
  没收非法所得: '没收违法所得',
  没收违法收入: '没收违法所得',
  没收财物: '没收非法财物',
  没收违法物品: '没收非法财物',
  没收非法物品: '没收非法财物',
  没收违法所得和非法财物: ['没收违法所得', '没收非法财物'],
  没收违法所得及非法财物: ['没收违法所得', '没收非法财物'],
  没收违法所得和没收非法财物: ['没收违法所得', '没收非法财物'],
  暂扣许可证: '暂扣许可证件',
  暂扣执照: '暂扣许可证件',
  暂扣营业执照: '暂扣许可证件',
  降低资质: '降低资质等级',
  吊销许可证: '吊销许可证件',
  吊销生产许可证: '吊销许可证件',
  吊销经营许可证: '吊销许可证件',
  吊销执照: '吊销营业执照',
  限制生产经营活动: '限制开展生产经营活动',
  限制生产经营: '限制开展生产经营活动',
  责令停业: '责令停产停业',
  责令停产: '责令停产停业',
  停产停业: '责令停产停业',
  责令停业整顿: '责令停产停业',
  责令停产整顿: '责令停产停业',
  关闭: '责令关闭',
  禁止从业: '限制从业',
  拘留: '行政拘留',
  其它: '其他',
  其他行政处罚: '其他',
  其它行政处罚: '其他',
  法律行政法规规定的其他行政处罚: '其他',
};

/**
 * Light kinds for the publicity period (45号令 Art. 13): a penalty of only these kinds — 通报批评 or a
 * 较低数额罚款, with or without a 警告 — is published for 3 months; any other kind makes it 3 years.
 */
export const LIGHT_PENALTY_KINDS: ReadonlySet<PenaltyKind> = new Set<PenaltyKind>([
  '警告',
  '通报批评',
  '罚款',
]);

/**
 * Never published for a shorter time and never repaired early (45号令 Art. 14, 市场监督管理信用修复管理办法
 * Art. 6). The six kinds the order names, plus two it does not name, placed here on purpose
 * (docs/grading-models.md): 责令关闭 ends the business for good, a harder measure than 责令停产停业; 暂扣许可证件
 * belongs to the same class of 资格罚 as 降低资质等级 and 吊销许可证件 and, like 限制开展生产经营活动, stops
 * the business for a time.
 */
export const PENALTY_KINDS_EXCLUDED_FROM_REPAIR: ReadonlySet<PenaltyKind> = new Set<PenaltyKind>([
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证件',
  '吊销营业执照',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
]);

const canonical = new Set<string>(PENALTY_KINDS);

/** Spaces and the enumeration comma say nothing about the kind (“法律、行政法规规定的…”). */
const keyOf = (s: string): string => s.replace(/[\s、，,]+/g, '');

const lookup = new Map<string, readonly PenaltyKind[]>();
for (const k of PENALTY_KINDS) lookup.set(k, [k]);
for (const [alias, kinds] of Object.entries(PENALTY_KIND_SYNONYMS)) {
  lookup.set(keyOf(alias), typeof kinds === 'string' ? [kinds as PenaltyKind] : (kinds as PenaltyKind[]));
}

/** The kind(s) one written kind means, or null when nobody knows it. */
export function penaltyKindsOf(text: string): readonly PenaltyKind[] | null {
  if (canonical.has(text)) return [text as PenaltyKind];
  return lookup.get(keyOf(text)) ?? null;
}

export interface NormalizedPenaltyKinds {
  /** Canonical kinds in first-seen order, without repeats; an unknown kind is kept as 其他. */
  kinds: PenaltyKind[];
  /** The written kinds nobody knows (kept as 其他). */
  unknown: string[];
}

/** Canonical kinds of a record's written list: synonyms resolved, repeats dropped, unknown → 其他. */
export function normalizePenaltyKinds(written: readonly string[]): NormalizedPenaltyKinds {
  const kinds: PenaltyKind[] = [];
  const unknown: string[] = [];
  for (const w of written) {
    const found = penaltyKindsOf(w);
    if (found === null) unknown.push(w);
    for (const k of found ?? [OTHER_PENALTY_KIND]) if (!kinds.includes(k)) kinds.push(k);
  }
  return { kinds, unknown };
}

/** The Chinese warning for kinds nobody knows (import rows, pure grading input). */
export function unknownPenaltyKindsWarning(unknown: readonly string[]): string {
  return `处罚种类「${unknown.join('、')}」不在《行政处罚法》所列种类中，已按“其他”记录`;
}
