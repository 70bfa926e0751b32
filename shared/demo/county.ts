import type { CountyProfile } from '../domain/county.ts';
import { type WeightedTable, weightedTable } from './prng.ts';

/**
 * The fictional demo county. Its region code 410422 is a real county-level GB/T 2260 code (河南省平顶山市
 * 叶县), chosen so that every generated USCC also passes region-code checks; the name and the townships
 * are invented.
 */
export const DEMO_COUNTY: CountyProfile = {
  name: '示范县',
  bureau: '示范县市场监督管理局',
  regionCode: '410422',
  townships: [
    '东城街道',
    '西城街道',
    '河滨街道',
    '柳园镇',
    '王集镇',
    '龙泉镇',
    '白沙镇',
    '马庄镇',
    '高桥镇',
    '杨庄乡',
    '石门乡',
    '常村乡',
  ],
};

export type TownshipType = 'street' | 'town' | 'township' | 'other';

export interface TownshipInfo {
  readonly name: string;
  /** Without the 街道/镇/乡 suffix: 柳园镇 → 柳园. */
  readonly short: string;
  readonly type: TownshipType;
  /** 管辖单位: the 市场监管所 covering it. */
  readonly jurisdiction: string;
}

/** Everything about the county the generator needs, derived once per run. */
export interface CountyContext {
  readonly name: string;
  /** 示范县 → 示范 (used in names: 示范鑫源商贸有限公司). */
  readonly short: string;
  /** One-character abbreviation used in document numbers: 示市监处罚〔2024〕12号. */
  readonly abbr: string;
  readonly bureau: string;
  readonly regionCode: string;
  readonly prefectureCode: string;
  readonly neighbourCodes: readonly string[];
  readonly townships: readonly TownshipInfo[];
  /** Null when the profile lists no townships. */
  readonly townshipTable: WeightedTable<TownshipInfo> | null;
  /** Weighted towards 镇/乡, for farms, cooperatives and township hospitals. */
  readonly ruralTable: WeightedTable<TownshipInfo> | null;
  readonly defaultJurisdiction: string;
}

const COUNTY_SUFFIXES = ['自治县', '自治旗', '林区', '县', '市', '区', '旗'];
const TOWNSHIP_SUFFIXES: readonly [string, TownshipType][] = [
  ['街道办事处', 'street'],
  ['街道', 'street'],
  ['民族乡', 'township'],
  ['镇', 'town'],
  ['乡', 'township'],
  ['苏木', 'township'],
];

function stripCountySuffix(name: string): string {
  for (const s of COUNTY_SUFFIXES) {
    if (name.endsWith(s) && name.length - s.length >= 2) return name.slice(0, name.length - s.length);
  }
  return name;
}

function classifyTownship(name: string): { short: string; type: TownshipType } {
  for (const [s, type] of TOWNSHIP_SUFFIXES) {
    if (name.endsWith(s) && name.length > s.length)
      return { short: name.slice(0, name.length - s.length), type };
  }
  return { short: name, type: 'other' };
}

const TYPE_WEIGHT: Record<TownshipType, number> = { street: 4, town: 2, township: 1, other: 1.5 };
const RURAL_WEIGHT: Record<TownshipType, number> = { street: 0.15, town: 2, township: 2, other: 1 };

export function countyContext(county: CountyProfile): CountyContext {
  const name = county.name.trim();
  const short = stripCountySuffix(name);
  const code = county.regionCode;
  const prefectureCode = `${code.slice(0, 4)}00`;
  const last = Number(code.slice(4));
  const neighbourCodes: string[] = [];
  for (const delta of [-2, -1, 1, 2]) {
    const n = last + delta;
    if (n >= 1 && n <= 99 && (n < 70 || n > 79))
      neighbourCodes.push(`${code.slice(0, 4)}${String(n).padStart(2, '0')}`);
  }
  if (neighbourCodes.length === 0) neighbourCodes.push(prefectureCode);

  // 市场监管所: consecutive townships in pairs, the first of each pair gives the 所 its name.
  const infos: TownshipInfo[] = [];
  const names = county.townships.map((t) => t.trim()).filter((t) => t.length > 0);
  let head = '';
  names.forEach((t, i) => {
    const { short: s, type } = classifyTownship(t);
    if (i % 2 === 0) head = s;
    infos.push({ name: t, short: s, type, jurisdiction: `${head}市场监管所` });
  });
  return {
    name,
    short,
    abbr: short.charAt(0) || '县',
    bureau: county.bureau.trim(),
    regionCode: code,
    prefectureCode,
    neighbourCodes,
    townships: infos,
    townshipTable: infos.length > 0 ? weightedTable(infos, (t) => TYPE_WEIGHT[t.type]) : null,
    ruralTable: infos.length > 0 ? weightedTable(infos, (t) => RURAL_WEIGHT[t.type]) : null,
    defaultJurisdiction: `${short}城区市场监管所`,
  };
}
