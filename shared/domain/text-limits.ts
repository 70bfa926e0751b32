/**
 * The longest text each field may hold (characters), one table for the contract and the importers
 * (docs/hardening.md § Input limits). A registered name is at most ~60 characters in practice and an
 * address ~100; the maxima leave room for that and refuse what can only be a mistake or an attack —
 * before the limit, a 3.5-million-character 企业名称 was stored whole.
 */
export const TEXT_MAX = {
  /** Names of entities, licences, inspection items, holidays. */
  name: 200,
  /** People's names, codes and numbers (决定书文号, 许可证编号, 执法证号), short labels. */
  short: 100,
  /** Authorities, units, townships, industries, tags, lists of words. */
  label: 200,
  /** 住所 and other addresses. */
  address: 300,
  /** Reasons, contents, results, bases, notes: free prose. */
  prose: 2000,
} as const;

export type TextLimitKind = keyof typeof TEXT_MAX;

/** Import fields (shared/exchange/vocabulary.ts) by name; a text field not named here is a `label`. */
const FIELD_KIND: Readonly<Record<string, TextLimitKind>> = {
  name: 'name',
  licenseName: 'name',
  legalRep: 'short',
  regNo: 'short',
  code: 'short',
  regionCode: 'short',
  industryCode: 'short',
  licenseNo: 'short',
  decisionNo: 'short',
  badgeNo: 'short',
  inspectorName: 'short',
  inspectorBadgeNo: 'short',
  title: 'short',
  grade: 'short',
  address: 'address',
  reason: 'prose',
  removalReason: 'prose',
  content: 'prose',
  basis: 'prose',
  items: 'prose',
  results: 'prose',
  followUp: 'prose',
  violationType: 'prose',
};

export function textMaxFor(field: string): number {
  return TEXT_MAX[FIELD_KIND[field] ?? 'label'];
}

/** The per-row message (the caller prefixes the column's name). */
export function tooLongMessage(length: number, max: number): string {
  return `内容过长（${length.toLocaleString('en-US')} 字），上限 ${max.toLocaleString('en-US')} 字，请删减后再导入`;
}
