/**
 * What each role may do (SPEC §9). The main-process services check these; the renderer only uses them
 * to hide buttons a user could not use anyway.
 */
import type { Role } from './users.ts';

export const PERMISSIONS = {
  'entities.read': '查看市场主体和信用档案',
  'entities.write': '修改市场主体和信用记录',
  'grading.read': '查看信用评价结果',
  'grading.run': '运行信用评价',
  'grading.adjust': '人工调整信用等级',
  'models.manage': '导入、导出和管理评价模型',
  'models.edit': '修改评价模型的分数段、分值和封顶（另存为新版本）',
  'exchange.import': '导入数据',
  'exchange.undo': '撤销导入批次',
  'exchange.export': '导出数据',
  'sampling.read': '查看抽查任务和计划',
  'sampling.manage': '维护抽查事项、检查人员、回避关系、抽查比例，创建任务并抽取',
  'sampling.redraw': '重新抽取（须说明理由）',
  'sampling.results': '录入抽查结果',
  'sampling.review': '审核并公示抽查结果',
  'repair.read': '查看异议和信用修复',
  'repair.handle': '登记、受理、核实和执行异议与信用修复',
  'repair.decide': '对异议与信用修复作出决定（不予受理、准予、不予、撤销）',
  'monitoring.read': '查看监测预警',
  'monitoring.handle': '运行监测、处置和关闭预警',
  'monitoring.decide': '审核预警（确认或排除）',
  'monitoring.rules': '修改监测预警规则的阈值（另存为新版本）',
  'users.manage': '管理用户和角色',
  'audit.read': '查看操作日志并校验',
  'settings.manage': '修改系统设置（县情资料、空闲锁定、工作日历）',
  'backup.manage': '备份与恢复数据库',
} as const;
export type Permission = keyof typeof PERMISSIONS;

const READ: Permission[] = [
  'entities.read',
  'grading.read',
  'sampling.read',
  'repair.read',
  'monitoring.read',
];
const OFFICER: Permission[] = [
  ...READ,
  'sampling.results',
  'exchange.export',
  'repair.handle',
  'monitoring.handle',
];
const SUPERVISOR: Permission[] = [
  ...OFFICER,
  'entities.write',
  'grading.run',
  'grading.adjust',
  'models.manage',
  'exchange.import',
  'exchange.undo',
  'sampling.manage',
  'sampling.redraw',
  'sampling.review',
  'repair.decide',
  'monitoring.decide',
  'audit.read',
];
const ADMIN: Permission[] = [
  ...SUPERVISOR,
  'models.edit',
  'monitoring.rules',
  'users.manage',
  'settings.manage',
  'backup.manage',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(READ),
  officer: new Set(OFFICER),
  supervisor: new Set(SUPERVISOR),
  admin: new Set(ADMIN),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
