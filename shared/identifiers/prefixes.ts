/**
 * GB 32100-2015 positions 1–2: 登记管理部门代码 and 机构类别代码. The single place this table lives.
 * Source: the published code table (1 机构编制 … 9 工商, A, N, Y); domain-facts §4.1 notes other sources
 * disagree on rarer codes, so an unknown combination is only ever a warning.
 */
interface Authority {
  readonly authority: string;
  readonly categories: Readonly<Record<string, string>>;
}

const TABLE: Readonly<Record<string, Authority>> = {
  '1': {
    authority: '机构编制',
    categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
  },
  '2': { authority: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    authority: '司法行政',
    categories: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  '4': { authority: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': {
    authority: '民政',
    categories: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' },
  },
  '6': {
    authority: '旅游',
    categories: {
      '1': '外国旅游部门常驻代表机构',
      '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
      '9': '其他',
    },
  },
  '7': { authority: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { authority: '工会', categories: { '1': '基层工会', '9': '其他' } },
  '9': {
    authority: '市场监管（原工商）',
    categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' },
  },
  A: { authority: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  N: {
    authority: '农业农村',
    categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
  },
  Y: { authority: '其他', categories: { '1': '其他' } },
};

export interface UsccPrefixInfo {
  /** Positions 1–2, e.g. "91". */
  prefix: string;
  /** 登记管理部门, e.g. "市场监管（原工商）". */
  authority: string;
  /** 机构类别, e.g. "企业". */
  category: string;
}

/** Registration authority and category of a normalised USCC, or null when positions 1–2 are not in the table. */
export function usccKindPrefix(code: string): UsccPrefixInfo | null {
  const entry = Object.hasOwn(TABLE, code.charAt(0)) ? TABLE[code.charAt(0)] : undefined;
  if (!entry || !Object.hasOwn(entry.categories, code.charAt(1))) return null;
  return {
    prefix: code.slice(0, 2),
    authority: entry.authority,
    category: entry.categories[code.charAt(1)]!,
  };
}
