/**
 * GB/T 4754-2017 门类 (sections A–T) and the 大类 (two-digit divisions) each one spans, so an entity's
 * industry code — stored as the standard's class with or without its section letter (`F5212` or `5212`)
 * — can be counted under its section in the analysis and the quarterly report.
 */

export interface IndustrySection {
  letter: string;
  name: string;
  /** First and last 大类 (two-digit division) of the section, inclusive. */
  divisions: readonly [number, number];
}

export const INDUSTRY_SECTIONS: readonly IndustrySection[] = [
  { letter: 'A', name: '农、林、牧、渔业', divisions: [1, 5] },
  { letter: 'B', name: '采矿业', divisions: [6, 12] },
  { letter: 'C', name: '制造业', divisions: [13, 43] },
  { letter: 'D', name: '电力、热力、燃气及水生产和供应业', divisions: [44, 46] },
  { letter: 'E', name: '建筑业', divisions: [47, 50] },
  { letter: 'F', name: '批发和零售业', divisions: [51, 52] },
  { letter: 'G', name: '交通运输、仓储和邮政业', divisions: [53, 60] },
  { letter: 'H', name: '住宿和餐饮业', divisions: [61, 62] },
  { letter: 'I', name: '信息传输、软件和信息技术服务业', divisions: [63, 65] },
  { letter: 'J', name: '金融业', divisions: [66, 69] },
  { letter: 'K', name: '房地产业', divisions: [70, 70] },
  { letter: 'L', name: '租赁和商务服务业', divisions: [71, 72] },
  { letter: 'M', name: '科学研究和技术服务业', divisions: [73, 75] },
  { letter: 'N', name: '水利、环境和公共设施管理业', divisions: [76, 79] },
  { letter: 'O', name: '居民服务、修理和其他服务业', divisions: [80, 82] },
  { letter: 'P', name: '教育', divisions: [83, 83] },
  { letter: 'Q', name: '卫生和社会工作', divisions: [84, 85] },
  { letter: 'R', name: '文化、体育和娱乐业', divisions: [86, 90] },
  { letter: 'S', name: '公共管理、社会保障和社会组织', divisions: [91, 97] },
  { letter: 'T', name: '国际组织', divisions: [98, 98] },
];

const BY_LETTER = new Map(INDUSTRY_SECTIONS.map((s) => [s.letter, s]));

/** The label of a section letter; '' (not recorded or not recognised) reads 未登记行业. */
export function sectionLabel(letter: string): string {
  const s = BY_LETTER.get(letter);
  return s ? `${s.letter} ${s.name}` : '未登记行业';
}

/**
 * The section of an industry code: its leading letter when it has one, else the section whose divisions
 * hold its first two digits; '' when the code is empty or fits no section.
 */
export function sectionOf(code: string | null | undefined): string {
  const c = (code ?? '').trim().toUpperCase();
  if (c === '') return '';
  const first = c[0] as string;
  if (first >= 'A' && first <= 'Z') return BY_LETTER.has(first) ? first : '';
  const division = Number.parseInt(c.slice(0, 2), 10);
  if (!/^\d{2}/.test(c) || Number.isNaN(division)) return '';
  for (const s of INDUSTRY_SECTIONS) {
    if (division >= s.divisions[0] && division <= s.divisions[1]) return s.letter;
  }
  return '';
}
