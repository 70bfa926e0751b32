/**
 * Vocabulary of the demo credit histories: inspection results (SPEC §6.6) and their follow-ups, complaint
 * channels, list reasons, commendations, business-scope phrases and registration-change fields.
 */
import type { EntityKind, EntityStatus } from '../domain/entity.ts';
import { weightedPairs } from './prng.ts';

export type Results = readonly string[];
export const RESULT_WEIGHTS: readonly (readonly [Results, number])[] = [
  [['1'], 78],
  [['E'], 8],
  [['F'], 3],
  [['7'], 1.5],
  [['A', 'B'], 3],
  [['6'], 3],
  [['A', 'D'], 1.2],
  [['A', '3'], 1],
  [['A', '4'], 0.5],
  [['A', '5'], 0.3],
  [['A', 'C'], 0.5],
  [['8'], 0.6],
];
export const RESULTS = weightedPairs(RESULT_WEIGHTS);
/** Results that find a problem (for risky entities). */
export const PROBLEM_RESULTS = weightedPairs(
  RESULT_WEIGHTS.filter(([r]) => r[0] !== '1' && r[0] !== 'F' && r[0] !== '7'),
);

export const FOLLOW_UP: Record<string, string> = {
  '6': '拟列入经营异常名录',
  '8': '公示其不予配合情节',
  B: '责令其公示未公示信息',
  C: '责令其改正虚假公示的信息',
  D: '违反本部门相关规定，责令改正；后续跟踪由日常监管部门负责',
  '3': '发现案件线索，移送办案机构依法依规处理',
  '4': '发现案件线索，移送办案机构依法依规处理',
  '5': '违反其他部门相关规定，抄告相关部门',
  E: '未发现问题或相关问题已规范、已改正，无需后续处置',
};

export const STATUS_RESULT: Partial<Record<EntityStatus, string>> = {
  cancelled: '9',
  revoked: '10',
  withdrawn: '11',
  moved: '12',
};

export const COMPLAINT_CHANNELS = weightedPairs<string>([
  ['12315', 70],
  ['12345', 15],
  ['来信', 4],
  ['来访', 6],
  ['网络', 5],
]);

export const SERIOUS_REASONS = [
  '生产、销售不符合食品安全标准的食品，受到较重行政处罚',
  '生产、销售假冒伪劣产品，受到较重行政处罚',
  '拒绝、阻碍、干扰市场监督管理部门依法开展监督检查和事故调查',
  '实施侵犯注册商标专用权等侵犯知识产权行为，受到较重行政处罚',
];
export const SERIOUS_FROM_ABNORMAL = '被列入经营异常名录届满3年仍未履行相关义务';
export const SERIOUS_FROM_WITHDRAWAL =
  '提交虚假材料或者采取其他欺诈手段隐瞒重要事实取得市场主体登记，被撤销登记';

export const JOINT_FIELDS = [
  '失信被执行人',
  '重大税收违法失信主体',
  '拖欠农民工工资失信联合惩戒对象',
  '食品药品生产经营严重失信者',
  '安全生产领域失信生产经营单位',
  '环境保护领域失信生产经营单位',
];

export const COMMENDATIONS: Record<EntityKind, readonly string[]> = {
  enterprise: [
    '守合同重信用企业',
    '诚信经营示范单位',
    '放心消费示范单位',
    '质量诚信企业',
    '消费维权先进单位',
  ],
  individual: ['诚信经营示范户', '放心消费示范店', '文明诚信个体工商户'],
  cooperative: ['农民专业合作社示范社'],
  other: ['放心消费示范单位', '食品安全示范单位'],
};
export const LEVELS = weightedPairs<string>([
  ['县级', 50],
  ['市级', 33],
  ['省级', 14],
  ['国家级', 3],
]);

export const SCOPE_EXTRAS = [
  '日用百货销售',
  '食品销售（仅销售预包装食品）',
  '互联网销售（除销售需要许可的商品）',
  '技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广',
  '货物进出口',
  '第二类医疗器械销售',
  '办公用品销售',
  '农副产品销售',
  '五金产品零售',
  '建筑材料销售',
  '家用电器销售',
  '广告设计、代理',
  '信息咨询服务（不含许可类信息咨询服务）',
  '劳务服务（不含劳务派遣）',
  '食用农产品零售',
];

export type ChangeField = '法定代表人' | '住所' | '经营范围' | '名称' | '注册资本';
export const ENTERPRISE_CHANGE_FIELDS = weightedPairs<ChangeField>([
  ['法定代表人', 30],
  ['住所', 30],
  ['经营范围', 25],
  ['名称', 8],
  ['注册资本', 7],
]);
export const INDIVIDUAL_CHANGE_FIELDS = weightedPairs<ChangeField>([
  ['住所', 40],
  ['经营范围', 45],
  ['名称', 10],
  ['法定代表人', 5],
]);
