/**
 * The inspection result vocabulary (SPEC §6.6; domain-facts §2.5: the Zhejiang production codes that
 * GSXT shows). Multi-select; A's children (B, C, 6, D, 3, 4, 5) imply A. Synonyms seen in real files
 * are normalised on entry and import, so one code means one thing in the credit file and in grading.
 */

export interface ResultCode {
  code: string;
  label: string;
  /** The code this one refines (B, C, 6, D, 3, 4, 5 refine A). */
  parent: string | null;
  /** A keyboard key for fast entry (the code itself where it is one character). */
  key: string;
}

export const RESULT_CODES: readonly ResultCode[] = [
  { code: '1', label: '未发现问题', parent: null, key: '1' },
  { code: 'A', label: '发现问题待后续处理', parent: null, key: 'a' },
  { code: 'B', label: '未按规定公示应当公示的信息', parent: 'A', key: 'b' },
  { code: 'C', label: '公示信息隐瞒真实情况弄虚作假', parent: 'A', key: 'c' },
  { code: '6', label: '通过登记的住所（经营场所）无法联系', parent: 'A', key: '6' },
  { code: 'D', label: '违反其他工商行政管理规定行为', parent: 'A', key: 'd' },
  { code: '3', label: '违反食品药品管理相关规定', parent: 'A', key: '3' },
  { code: '4', label: '违反质量技术监督相关规定', parent: 'A', key: '4' },
  { code: '5', label: '违反其他部门相关规定', parent: 'A', key: '5' },
  { code: 'E', label: '发现问题经责令已改正', parent: null, key: 'e' },
  { code: 'F', label: '未发现开展本次抽查涉及的经营活动', parent: null, key: 'f' },
  { code: '7', label: '已关闭停业或正在组织清算', parent: null, key: '7' },
  { code: '8', label: '不配合检查情节严重', parent: null, key: '8' },
  { code: '9', label: '注销', parent: null, key: '9' },
  { code: '10', label: '被吊销', parent: null, key: 'r' },
  { code: '11', label: '被撤销', parent: null, key: 'w' },
  { code: '12', label: '迁出', parent: null, key: 'm' },
];

const BY_CODE = new Map(RESULT_CODES.map((c) => [c.code, c]));

export function resultLabel(code: string): string {
  return BY_CODE.get(code)?.label ?? code;
}

export function isResultCode(code: string): boolean {
  return BY_CODE.has(code);
}

/**
 * Every code, the numeric ones ascending and then the letters: the order grading gives the codes their
 * bits in and model-file messages list them in (kept from when the codes were an object's keys).
 */
export const INSPECTION_RESULT_CODES: readonly string[] = [
  ...RESULT_CODES.filter((c) => /^\d+$/.test(c.code))
    .map((c) => c.code)
    .sort((a, b) => Number(a) - Number(b)),
  ...RESULT_CODES.filter((c) => !/^\d+$/.test(c.code))
    .map((c) => c.code)
    .sort(),
];

/** Spellings seen in production files and GSXT copies, mapped to their code (SPEC §6.6). */
const SYNONYMS: Record<string, string> = {
  正常: '1',
  未发现问题: '1',
  '正常（符合信息公示相关规定）': '1',
  不予配合情节严重: '8',
  不予配合检查情节严重: '8',
  不配合检查情节严重: '8',
  发现问题已责令改正: 'E',
  发现问题经责令已改正: 'E',
  公示信息隐瞒真实情况弄虚作假: 'C',
  '公示信息隐瞒真实情况、弄虚作假': 'C',
  未按规定公示应当公示的信息: 'B',
  未按规定公示即时信息: 'B',
  未按规定公示年报信息: 'B',
  通过登记的住所无法联系: '6',
  '通过登记的住所(经营场所)无法联系': '6',
  已办理营业执照注销: '9',
  被吊销营业执照: '10',
  被撤销登记: '11',
};

function squash(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[()]/g, (c) => (c === '(' ? '（' : '）'));
}

const BY_LABEL = new Map<string, string>();
for (const c of RESULT_CODES) BY_LABEL.set(squash(c.label), c.code);
for (const [k, v] of Object.entries(SYNONYMS)) BY_LABEL.set(squash(k), v);

/** One result as typed or imported (a code, a label or a synonym) → its code, or null if unknown. */
export function normalizeResult(text: string): string | null {
  const t = text.trim().normalize('NFKC').toUpperCase();
  if (BY_CODE.has(t)) return t;
  return BY_LABEL.get(squash(text)) ?? null;
}

/**
 * Normalises a selection: codes deduplicated, A added when one of its children is chosen, in
 * vocabulary order. Throws with a Chinese message on an unknown value or an impossible combination.
 */
export function normalizeResults(values: readonly string[]): string[] {
  const codes = new Set<string>();
  for (const v of values) {
    for (const part of v.split(/[,，、;；]/)) {
      if (!part.trim()) continue;
      const code = normalizeResult(part);
      if (!code) throw new Error(`无法识别的检查结果：${part.trim()}`);
      codes.add(code);
    }
  }
  for (const c of [...codes]) {
    const parent = BY_CODE.get(c)?.parent;
    if (parent) codes.add(parent);
  }
  if (codes.size === 0) throw new Error('请至少选择一项检查结果');
  if (codes.has('1') && codes.size > 1) throw new Error('“未发现问题”不能与其他检查结果同时选择');
  return RESULT_CODES.map((c) => c.code).filter((c) => codes.has(c));
}

export type FollowUpKind = 'abnormal_list' | 'publish_non_cooperation';

export interface FollowUp {
  kind: FollowUpKind;
  text: string;
}

/** Follow-ups a result proposes (SPEC §6.6; domain-facts §2.5–2.6). */
export function proposedFollowUps(codes: readonly string[]): FollowUp[] {
  const out: FollowUp[] = [];
  if (codes.includes('6'))
    out.push({ kind: 'abnormal_list', text: '拟列入经营异常名录（查实后 10 个工作日内）' });
  if (codes.includes('8')) out.push({ kind: 'publish_non_cooperation', text: '公示其不予配合情节' });
  return out;
}

/** The 结果 column of the publication notice: labels joined as GSXT shows them. */
export function resultText(codes: readonly string[]): string {
  // A's children say more than A itself; show A alone only when no child was chosen.
  const hasChild = codes.some((c) => BY_CODE.get(c)?.parent === 'A');
  return codes
    .filter((c) => !(c === 'A' && hasChild))
    .map(resultLabel)
    .join('；');
}
