/**
 * Typical violations a county market-supervision bureau penalises, by industry domain, with the penalty
 * kinds and fine ranges usually seen in county decisions (after 从轻/减轻 discretion). Demo data only.
 */
import type { EntityKind } from '../domain/entity.ts';
import type { PenaltyKind } from '../domain/records.ts';
import type { IndustryDomain } from './industries.ts';
import { type WeightedTable, weightedPairs } from './prng.ts';

export type { PenaltyKind };

export interface Violation {
  readonly act: string;
  readonly law: string;
  /** Penalty-kind combinations and their relative weights. */
  readonly kinds: readonly (readonly [readonly PenaltyKind[], number])[];
  /** Fine range in yuan for organisations and for individual businesses. */
  readonly orgFine: readonly [number, number];
  readonly indFine: readonly [number, number];
  readonly w: number;
}

const PQL = '中华人民共和国产品质量法';
const FSL = '中华人民共和国食品安全法';
const DAL = '中华人民共和国药品管理法';
const REG = '中华人民共和国市场主体登记管理条例';

const GENERAL: readonly Violation[] = [
  {
    act: '销售不合格产品',
    law: PQL,
    // 产品质量法 Art. 50: the goods (非法财物), the earnings and a fine.
    kinds: [
      [['没收违法所得', '没收非法财物', '罚款'], 5],
      [['没收违法所得', '罚款'], 3],
      [['罚款'], 2],
    ],
    orgFine: [2000, 60000],
    indFine: [1000, 20000],
    w: 3,
  },
  {
    act: '销售侵犯注册商标专用权的商品',
    law: '中华人民共和国商标法',
    // 商标法 Art. 60: the infringing goods are confiscated and destroyed (没收非法财物).
    kinds: [
      [['没收非法财物', '罚款'], 6],
      [['没收违法所得', '没收非法财物', '罚款'], 3],
      [['罚款'], 1],
    ],
    orgFine: [3000, 150000],
    indFine: [1000, 50000],
    w: 2,
  },
  {
    act: '未按规定明码标价',
    law: '中华人民共和国价格法',
    kinds: [
      [['警告'], 5],
      [['罚款'], 4],
      [['警告', '罚款'], 1],
      [['通报批评'], 0.4],
    ],
    orgFine: [500, 5000],
    indFine: [200, 3000],
    w: 3,
  },
  {
    act: '发布虚假广告',
    law: '中华人民共和国广告法',
    kinds: [
      [['罚款'], 7],
      [['没收违法所得', '罚款'], 3],
    ],
    orgFine: [10000, 200000],
    indFine: [2000, 30000],
    w: 1.2,
  },
  {
    act: '对商品作虚假或者引人误解的商业宣传',
    law: '中华人民共和国反不正当竞争法',
    kinds: [[['罚款'], 1]],
    orgFine: [20000, 200000],
    indFine: [5000, 50000],
    w: 1,
  },
  {
    act: '使用未经检定的计量器具',
    law: '中华人民共和国计量法',
    kinds: [
      [['罚款'], 5],
      [['没收违法所得', '罚款'], 3],
      [['警告'], 2],
    ],
    orgFine: [200, 1000],
    indFine: [100, 1000],
    w: 2,
  },
  {
    act: '未按规定办理变更登记',
    law: REG,
    kinds: [[['罚款'], 1]],
    orgFine: [10000, 100000],
    indFine: [1000, 10000],
    w: 1,
  },
  {
    act: '未将营业执照置于住所或者主要经营场所的醒目位置',
    law: REG,
    kinds: [
      [['警告'], 6],
      [['罚款'], 4],
      [['通报批评'], 0.5],
    ],
    orgFine: [1000, 3000],
    indFine: [200, 1000],
    w: 1.5,
  },
  {
    act: '侵害消费者合法权益',
    law: '中华人民共和国消费者权益保护法',
    kinds: [
      [['警告'], 3],
      [['罚款'], 5],
      [['没收违法所得', '罚款'], 2],
    ],
    orgFine: [2000, 50000],
    indFine: [1000, 20000],
    w: 2,
  },
];

const FOOD: readonly Violation[] = [
  {
    act: '经营超过保质期的食品',
    law: FSL,
    kinds: [
      [['没收违法所得', '罚款'], 9],
      [['警告'], 1],
    ],
    orgFine: [5000, 100000],
    indFine: [2000, 50000],
    w: 5,
  },
  {
    act: '未取得食品经营许可从事食品经营活动',
    law: FSL,
    kinds: [[['没收违法所得', '罚款'], 1]],
    orgFine: [5000, 50000],
    indFine: [2000, 20000],
    w: 2,
  },
  {
    act: '安排未取得健康证明的人员从事接触直接入口食品的工作',
    law: FSL,
    kinds: [
      [['警告'], 6],
      [['罚款'], 4],
    ],
    orgFine: [5000, 20000],
    indFine: [5000, 10000],
    w: 3,
  },
  {
    act: '经营标签不符合规定的预包装食品',
    law: FSL,
    kinds: [
      [['没收违法所得', '罚款'], 7],
      [['警告'], 3],
    ],
    orgFine: [2000, 20000],
    indFine: [1000, 10000],
    w: 3,
  },
  {
    act: '餐具、饮具未按规定洗净、消毒',
    law: FSL,
    kinds: [
      [['警告'], 6],
      [['罚款'], 4],
    ],
    orgFine: [5000, 30000],
    indFine: [5000, 10000],
    w: 2,
  },
  {
    act: '生产经营添加非食用物质的食品',
    law: FSL,
    kinds: [
      [['没收违法所得', '罚款'], 4],
      [['没收违法所得', '罚款', '吊销许可证件'], 3],
      [['没收违法所得', '罚款', '吊销许可证件', '限制从业'], 2],
      [['没收违法所得', '罚款', '限制开展生产经营活动'], 1],
    ],
    orgFine: [50000, 300000],
    indFine: [20000, 150000],
    w: 0.3,
  },
  {
    act: '生产经营场所卫生条件不符合要求且拒不改正',
    law: FSL,
    kinds: [[['责令停产停业', '罚款'], 1]],
    orgFine: [5000, 50000],
    indFine: [5000, 20000],
    w: 0.4,
  },
];

const DRUG: readonly Violation[] = [
  {
    act: '未凭处方销售处方药',
    law: '药品流通监督管理办法',
    kinds: [
      [['警告'], 5],
      [['罚款'], 5],
    ],
    orgFine: [500, 1000],
    indFine: [500, 1000],
    w: 4,
  },
  {
    act: '销售劣药',
    law: DAL,
    kinds: [
      [['没收违法所得', '罚款'], 17],
      [['没收违法所得', '罚款', '责令停产停业'], 2],
      [['没收违法所得', '罚款', '吊销许可证件'], 1],
    ],
    orgFine: [10000, 200000],
    indFine: [5000, 100000],
    w: 2,
  },
  {
    act: '未遵守药品经营质量管理规范',
    law: DAL,
    kinds: [
      [['警告'], 7],
      [['罚款'], 3],
    ],
    orgFine: [100000, 200000],
    indFine: [100000, 150000],
    w: 2,
  },
];

const FUEL: readonly Violation[] = [
  {
    act: '销售不合格车用汽油',
    law: PQL,
    kinds: [
      [['没收违法所得', '罚款'], 8],
      [['没收违法所得', '罚款', '责令停产停业'], 2],
    ],
    orgFine: [30000, 250000],
    indFine: [20000, 100000],
    w: 3,
  },
];

const EQUIP: readonly Violation[] = [
  {
    act: '使用未经定期检验的特种设备',
    law: '中华人民共和国特种设备安全法',
    kinds: [[['罚款'], 1]],
    orgFine: [30000, 300000],
    indFine: [30000, 50000],
    w: 3,
  },
  {
    act: '不再符合特种设备生产许可条件',
    law: '中华人民共和国特种设备安全法',
    kinds: [[['罚款', '降低资质等级'], 1]],
    orgFine: [20000, 100000],
    indFine: [10000, 50000],
    w: 0.15,
  },
];

const AGRI: readonly Violation[] = [
  {
    act: '销售不合格化肥',
    law: PQL,
    kinds: [[['没收违法所得', '罚款'], 1]],
    orgFine: [2000, 50000],
    indFine: [1000, 20000],
    w: 3,
  },
];

function domainTable(specific: readonly Violation[], generalFactor: number): WeightedTable<Violation> {
  return weightedPairs([
    ...specific.map((v) => [v, v.w] as const),
    ...GENERAL.map((v) => [v, v.w * generalFactor] as const),
  ]);
}

/** Violation tables per industry domain: the domain's own violations plus the general ones. */
export const VIOLATIONS: Record<IndustryDomain, WeightedTable<Violation>> = {
  food: domainTable(FOOD, 0.4),
  drug: domainTable(DRUG, 0.3),
  fuel: domainTable(FUEL, 0.5),
  agri: domainTable(AGRI, 0.6),
  equip: domainTable(EQUIP, 0.8),
  general: domainTable([], 1),
};

const kindTables = new Map<Violation, WeightedTable<readonly PenaltyKind[]>>();

/** The weighted penalty-kind combinations of a violation (memoised). */
export function kindTable(v: Violation): WeightedTable<readonly PenaltyKind[]> {
  let t = kindTables.get(v);
  if (!t) {
    t = weightedPairs(v.kinds);
    kindTables.set(v, t);
  }
  return t;
}

/** Revocation of the business licence for long inactivity (the usual path to status 吊销). */
export const REVOCATION: Violation = {
  act: '成立后无正当理由超过6个月未开业，或者开业后自行停业连续6个月以上',
  law: REG,
  kinds: [[['吊销营业执照'], 1]],
  orgFine: [0, 0],
  indFine: [0, 0],
  w: 0,
};

/** 较低数额罚款 (Hubei rule, SPEC §4): below 100,000 yuan for organisations, 10,000 for individuals. */
export function lowFineLimit(kind: EntityKind): number {
  return kind === 'individual' ? 10_000 : 100_000;
}

/** Round a fine the way decisions state them. */
export function roundFine(x: number): number {
  if (x < 1000) return Math.max(100, Math.round(x / 100) * 100);
  if (x < 10_000) return Math.round(x / 500) * 500;
  if (x < 100_000) return Math.round(x / 1000) * 1000;
  return Math.round(x / 10_000) * 10_000;
}
