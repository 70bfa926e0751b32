/**
 * Realistic-looking Chinese names, trade names (字号), addresses and phone numbers for the demo county.
 * All word lists are hand-written; nothing here is a real entity.
 */
import type { CountyContext, TownshipInfo } from './county.ts';
import type { Industry } from './industries.ts';
import { type Rng, weightedTable } from './prng.ts';

/** Common surnames with rough population shares (‰), northern-China flavoured. */
const SURNAMES = weightedTable(
  (
    [
      ['王', 80],
      ['李', 75],
      ['张', 72],
      ['刘', 55],
      ['陈', 40],
      ['杨', 33],
      ['赵', 26],
      ['郭', 18],
      ['周', 17],
      ['孙', 16],
      ['马', 16],
      ['朱', 14],
      ['高', 13],
      ['吴', 13],
      ['徐', 13],
      ['胡', 12],
      ['宋', 10],
      ['韩', 9],
      ['冯', 8],
      ['郑', 8],
      ['黄', 8],
      ['何', 7],
      ['杜', 7],
      ['程', 6],
      ['曹', 6],
      ['许', 6],
      ['田', 6],
      ['袁', 5],
      ['邓', 5],
      ['魏', 5],
      ['吕', 5],
      ['董', 5],
      ['丁', 5],
      ['任', 5],
      ['孟', 4],
      ['崔', 4],
      ['姚', 4],
      ['贾', 4],
      ['范', 4],
      ['卢', 4],
      ['付', 4],
      ['白', 4],
      ['史', 4],
      ['牛', 4],
      ['常', 3],
      ['苏', 3],
      ['侯', 3],
      ['秦', 3],
      ['蒋', 3],
      ['谢', 3],
      ['梁', 3],
      ['唐', 3],
      ['彭', 3],
      ['罗', 3],
      ['郝', 3],
      ['薛', 3],
      ['闫', 3],
      ['段', 3],
      ['雷', 2],
      ['乔', 2],
      ['岳', 2],
      ['申', 2],
      ['武', 2],
      ['耿', 2],
      ['翟', 2],
      ['聂', 2],
      ['葛', 2],
      ['樊', 2],
      ['石', 2],
      ['尹', 2],
      ['姜', 2],
      ['潘', 2],
      ['于', 2],
      ['余', 2],
      ['叶', 2],
      ['夏', 2],
      ['方', 2],
      ['陶', 2],
      ['贺', 2],
      ['毛', 2],
      ['邵', 2],
      ['万', 1],
      ['钱', 1],
      ['严', 1],
      ['孔', 1],
      ['汤', 1],
      ['齐', 1],
      ['康', 1],
      ['焦', 1],
      ['库', 1],
      ['楚', 1],
      ['上官', 0.3],
      ['欧阳', 0.3],
      ['司马', 0.2],
    ] as const
  ).map(([s, w]) => ({ s, w })),
  (x) => x.w,
);

const MALE_FIRST = '建志国文明永海金玉春小晓俊德振学宏新长立庆保书家子宇浩一佳天晨思梓泽红军卫向'.split('');
const MALE_SECOND =
  '伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳峰亮成东海民生祥锋彬博豪轩航睿然坤'.split('');
const FEMALE_FIRST = '秀丽春桂玉美晓雅欣佳梦思雨紫诗淑彩金海艳小亚晶文慧'.split('');
const FEMALE_SECOND = '芳娜敏静丽艳娟霞秀玲英萍红梅琳燕雪婷慧莉兰洁琴云倩晶颖欣悦怡萱涵琪瑶璐'.split('');

export function surname(rng: Rng): string {
  return rng.pickWeighted(SURNAMES).s;
}

/** A personal name: 2–3 characters, about 60 % male given names. */
export function personName(rng: Rng, female = rng.chance(0.4)): string {
  const sur = surname(rng);
  if (rng.chance(0.28)) return sur + rng.pick(female ? FEMALE_SECOND : MALE_SECOND);
  return female
    ? sur + rng.pick(FEMALE_FIRST) + rng.pick(FEMALE_SECOND)
    : sur + rng.pick(MALE_FIRST) + rng.pick(MALE_SECOND);
}

/** Common trade-name (字号) characters. */
const ZIHAO_CHARS =
  '鑫源华盛恒达宏兴隆泰丰顺昌瑞祥福利德信诚嘉和佳康安永金银宝鼎通博创新明辉光远航立成晟旺发荣腾飞龙凤豪雅正天宇海润泽森林峰弘亿汇聚联众合协振伟卓越尚品优美锦绣春晨阳辰星翔宸馨悦乐欣益惠仁义中豫东方鸿鹏耀晶开元一嘉睿硕君广益友'.split(
    '',
  );

/** A 2-character (sometimes 3-character) trade name, no character repeated. */
export function zihao(rng: Rng): string {
  const a = rng.pick(ZIHAO_CHARS);
  let b = rng.pick(ZIHAO_CHARS);
  while (b === a) b = rng.pick(ZIHAO_CHARS);
  if (!rng.chance(0.08)) return a + b;
  let c = rng.pick(ZIHAO_CHARS);
  while (c === a || c === b) c = rng.pick(ZIHAO_CHARS);
  return a + b + c;
}

const COMPOUND_SURNAMES = ['欧阳', '上官', '司马'];

/** Diminutive trade names of small shops from the operator's surname: 老王, 张记, 王氏, 小李, 刘姐. */
function folkName(rng: Rng, operator: string, female: boolean): string {
  const sur = COMPOUND_SURNAMES.some((c) => operator.startsWith(c))
    ? operator.slice(0, 2)
    : operator.charAt(0);
  switch (rng.int(5)) {
    case 0:
      return female ? `${sur}姐` : `老${sur}`;
    case 1:
      return `${sur}记`;
    case 2:
      return `${sur}氏`;
    case 3:
      return female ? `${sur}大姐` : `小${sur}`;
    default:
      return `${sur}家`;
  }
}

const VILLAGE_PREFIX = ['', '', '', '', '东', '西', '南', '北', '前', '后', '大', '小', '上', '下', '新'];
const VILLAGE_CORE = '王李张刘赵孙马高郭黄朱杜宋吴陈周梁岳杨徐何冯韩常牛柳柏槐枣桃杏榆石沙河桥双'.split('');
const VILLAGE_SUFFIX = [
  '庄',
  '庄',
  '庄',
  '营',
  '集',
  '寨',
  '屯',
  '店',
  '楼',
  '岗',
  '湾',
  '桥',
  '沟',
  '坡',
  '铺',
  '园',
  '洼',
  '庙',
  '',
  '',
];

export function villageName(rng: Rng): string {
  return `${rng.pick(VILLAGE_PREFIX)}${rng.pick(VILLAGE_CORE)}${rng.pick(VILLAGE_SUFFIX)}村`;
}

const ROADS = [
  '人民路',
  '建设路',
  '解放路',
  '中山路',
  '文化路',
  '新华路',
  '和平路',
  '胜利路',
  '工业路',
  '育才路',
  '朝阳路',
  '光明路',
  '振兴路',
  '迎宾大道',
  '滨河路',
  '车站路',
  '商贸街',
  '东大街',
  '西大街',
  '南大街',
  '北大街',
  '健康路',
  '复兴路',
  '团结路',
  '兴业路',
  '长安路',
  '府前街',
  '黄河路',
  '长江路',
  '园林路',
  '学府路',
  '龙山路',
  '花园路',
  '幸福路',
  '友谊路',
  '青年路',
  '民主路',
  '纬一路',
  '纬二路',
  '经一路',
  '经二路',
  '农贸街',
];
const COMMUNITIES = '建设文化和平光明新华幸福康乐滨河朝阳锦绣育才花园东关西关南关北关城中丽景兴华惠民'.match(
  /../g,
)!;
const CORNERS = ['东北角', '东南角', '西北角', '西南角'];

/** House numbers: mostly small, occasionally in the hundreds. */
function houseNo(rng: Rng): number {
  return rng.chance(0.7) ? rng.range(1, 120) : rng.range(121, 688);
}

function streetAddress(rng: Rng): string {
  const road = rng.pick(ROADS);
  const r = rng.float();
  if (r < 0.62) return `${road}${houseNo(rng)}号`;
  if (r < 0.74) {
    let other = rng.pick(ROADS);
    while (other === road) other = rng.pick(ROADS);
    return `${road}与${other}交叉口${rng.pick(CORNERS)}`;
  }
  if (r < 0.88) return `${road}${houseNo(rng)}号${rng.range(1, 30)}号商铺`;
  return `${road}${houseNo(rng)}号${rng.range(1, 12)}号楼${rng.range(1, 4)}单元${rng.range(1, 18)}0${rng.range(1, 4)}室`;
}

/** 住所/经营场所 in the county: town streets, villages, or the county's industrial cluster for factories. */
export function address(
  rng: Rng,
  county: CountyContext,
  township: TownshipInfo | null,
  factory: boolean,
): string {
  if (factory && rng.chance(0.4)) return `${county.name}产业集聚区${rng.pick(ROADS)}${houseNo(rng)}号`;
  if (!township) return `${county.name}${streetAddress(rng)}`;
  const base = `${county.name}${township.name}`;
  if (township.type === 'street') {
    return rng.chance(0.2)
      ? `${base}${rng.pick(COMMUNITIES)}社区${streetAddress(rng)}`
      : `${base}${streetAddress(rng)}`;
  }
  const r = rng.float();
  if (r < 0.45) return `${base}${streetAddress(rng)}`;
  if (r < 0.85) return `${base}${villageName(rng)}${rng.range(1, 12)}组${rng.range(1, 99)}号`;
  return `${base}${villageName(rng)}`;
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '175',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

/** An 11-digit mobile-style number 1[3-9]x xxxx xxxx. */
export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(100_000_000)).padStart(8, '0');
}

const COMPANY_FORMS = weightedTable(
  [
    { s: '有限公司', w: 90 },
    { s: '有限责任公司', w: 9 },
    { s: '股份有限公司', w: 1 },
  ],
  (x) => x.w,
);

/** 企业名称: {县名}{字号}{行业词}有限公司 and its common variants. */
export function enterpriseName(rng: Rng, county: CountyContext, industry: Industry): string {
  const word = industry.ent ? rng.pick(industry.ent) : '商贸';
  const z = zihao(rng);
  const form = rng.pickWeighted(COMPANY_FORMS).s;
  const r = rng.float();
  if (r < 0.72) return `${county.name}${z}${word}${form}`;
  if (r < 0.9 && county.short !== county.name) return `${county.short}${z}${word}${form}`;
  if (r < 0.96) return `${z}（${county.name}）${word}${form}`;
  return `${z}${word}${form}`;
}

/** A branch of an outside company: {字号}{行业词}有限公司{县名}分公司. */
export function branchName(
  rng: Rng,
  county: CountyContext,
  industry: Industry,
  township: TownshipInfo | null,
): string {
  const word = industry.ent ? rng.pick(industry.ent) : '商贸';
  const parent = `${zihao(rng)}${word}${rng.chance(0.2) ? '集团' : ''}有限公司`;
  if (township && rng.chance(0.25)) return `${parent}${county.short}${township.short}分店`;
  return `${parent}${county.name}分公司`;
}

/** 个体工商户名称: {乡镇}{字号/经营者/老王}{店铺词}, sometimes under the county name. */
export function individualName(
  rng: Rng,
  county: CountyContext,
  industry: Industry,
  township: TownshipInfo | null,
  operator: string,
  female: boolean,
): string {
  const shop = industry.shop ? rng.pick(industry.shop) : '经营部';
  const place = township ? township.name : county.name;
  const r = rng.float();
  if (r < 0.36) return `${place}${zihao(rng)}${shop}`;
  if (r < 0.64) return `${county.name}${zihao(rng)}${shop}`;
  if (r < 0.8) return `${place}${operator}${shop}`;
  return `${place}${folkName(rng, operator, female)}${shop}`;
}

/** 农民专业合作社名称: {县名}[{乡镇}]{字号}{产业}专业合作社. */
export function cooperativeName(
  rng: Rng,
  county: CountyContext,
  industry: Industry,
  township: TownshipInfo | null,
): string {
  const word = industry.coop ? rng.pick(industry.coop) : '种植';
  const form = rng.chance(0.15) ? '农民专业合作社' : '专业合作社';
  const z = zihao(rng);
  if (township && rng.chance(0.4)) return `${county.name}${township.name}${z}${word}${form}`;
  return `${county.name}${z}${word}${form}`;
}

/** Fills a non-market body's name template ({县}, {镇}, {字号}). */
export function orgName(
  rng: Rng,
  template: string,
  county: CountyContext,
  township: TownshipInfo | null,
): string {
  return template
    .replace('{县}', county.name)
    .replace('{镇}', township ? township.name : '')
    .replace('{字号}', zihao(rng));
}

const AGENT_BUILDINGS = [
  '金融大厦',
  '财富中心',
  '商务中心',
  '电商产业园',
  '创业孵化园',
  '世纪广场',
  '国际商务大厦',
];
const AGENT_TRADES = ['鑫诚', '众和', '汇通', '佳信', '企航', '易达', '诚信通', '聚财', '启程', '金管家'];

/**
 * A registration agent's address (集群注册/住所托管): one office whose address dozens of companies borrow,
 * e.g. 示范县东城街道人民路88号金融大厦1206室（示范鑫诚商务秘书有限公司托管）.
 */
export function agentAddress(rng: Rng, county: CountyContext, township: TownshipInfo | null): string {
  const where = township ? `${county.name}${township.name}` : county.name;
  const room = `${rng.range(3, 23)}${String(rng.range(1, 20)).padStart(2, '0')}室`;
  const agent = `${county.short}${rng.pick(AGENT_TRADES)}商务秘书有限公司`;
  return `${where}${rng.pick(ROADS)}${rng.range(6, 199)}号${rng.pick(AGENT_BUILDINGS)}${room}（${agent}托管）`;
}

/**
 * The same address as a clerk might have typed it: full-width digits or spaces around the house number.
 * Monitoring compares addresses after normalisation, so these still count as one address.
 */
export function retypedAddress(rng: Rng, address: string): string {
  const u = rng.float();
  if (u < 0.12) return address.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  if (u < 0.2) return address.replace(/([0-9]+)号/, ' $1 号');
  return address;
}

/** A three-character name: rarer than two-character ones, so a planned person is not confused with namesakes. */
export function fullPersonName(rng: Rng): string {
  const female = rng.chance(0.4);
  return female
    ? surname(rng) + rng.pick(FEMALE_FIRST) + rng.pick(FEMALE_SECOND)
    : surname(rng) + rng.pick(MALE_FIRST) + rng.pick(MALE_SECOND);
}
