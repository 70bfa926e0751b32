/**
 * The Chinese name of every audit action the code base writes (操作日志, its Excel export, the command
 * line). A unit test scans the sources for the codes passed to appendAudit, so an action added without
 * a name here fails it.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'database.create': '创建数据库',
  'server.init': '建立单位服务器',
  'demo.generate': '生成演示数据',
  'session.login': '登录',
  'session.logout': '退出登录',
  'session.lock': '锁定',
  'session.logout_everywhere': '在所有设备上退出登录',
  'session.login_failed': '登录失败',
  'session.login_log_missing': '登录失败记录文件缺失',
  'session.login_log_corrupt': '登录失败记录文件损坏',
  'session.login_log_foreign': '登录失败记录文件不属于本库',
  'session.login_log_replaced': '登录失败记录文件被替换',
  'session.login_log_tampered': '登录失败记录被篡改',
  'session.login_log_behind': '数据库早于登录失败记录（从旧副本恢复？）',
  'session.login_failures_dropped': '登录失败记录过多未保存',
  'user.add': '添加用户',
  'user.update': '修改用户',
  'user.remove': '删除用户',
  'user.unlock': '解除锁定',
  'user.password_reset': '重设密码',
  'user.password_change': '修改密码',
  'user.password_change_failed': '修改密码失败',
  'settings.idle_lock': '修改空闲锁定时间',
  'audit.verify': '校验操作日志',
  'audit.anchors.missing': '日志锚点文件缺失，已重新建立',
  'audit.export': '导出操作日志',
  'exchange.import': '导入数据',
  'exchange.errorReport': '导出导入错误报告',
  'exchange.export': '导出数据',
  'analysis.report': '导出季度报告',
  'exchange.undo': '撤销导入',
  'grading.run': '信用评价',
  'grading.adjust': '人工调整等级',
  'models.import': '导入评价模型',
  'models.edit': '修改评价模型',
  'models.export': '导出评价模型',
  'sampling.draw': '抽取',
  'sampling.redraw': '重新抽取',
  'sampling.review': '审核抽查结果',
  'sampling.publish': '公示抽查结果',
  'sampling.task.create': '创建抽查任务',
  'sampling.task.update': '修改抽查任务',
  'sampling.task.start': '开始检查',
  'sampling.result.enter': '录入抽查结果',
  'sampling.result.correct': '更正抽查结果',
  'sampling.result.enterMany': '批量录入抽查结果',
  'sampling.result.clear': '撤销抽查结果',
  'repair.create': '登记信用修复申请',
  'repair.accept': '受理信用修复申请',
  'repair.refuse': '不予受理信用修复申请',
  'repair.verify': '核实信用修复申请',
  'repair.grant': '准予信用修复',
  'repair.deny': '不予信用修复',
  'repair.execute': '执行信用修复',
  'repair.revoke': '撤销信用修复',
  'repair.settings': '修改异议与修复设置',
  'objection.create': '登记异议',
  'objection.accept': '受理异议',
  'objection.refuse': '不予受理异议',
  'objection.decide': '答复异议',
  'cases.attach': '上传异议或修复材料',
  'sampling.results.complete': '结果录入完成',
  'sampling.export.plan': '导出抽查计划',
  'sampling.export.notice': '导出检查通知',
  'sampling.items.upsert': '保存抽查事项',
  'sampling.items.delete': '删除抽查事项',
  'sampling.inspectors.upsert': '保存检查人员',
  'sampling.conflicts.upsert': '保存回避关系',
  'sampling.conflicts.delete': '删除回避关系',
  'sampling.calendar.upsert': '保存工作日历',
  'sampling.calendar.delete': '删除工作日历日期',
  'sampling.profiles.upsert': '保存抽查比例方案',
  'monitoring.run': '运行监测预警',
  'monitoring.confirm': '审核确认预警',
  'monitoring.dismiss': '审核排除预警',
  'monitoring.dispose': '处置预警',
  'monitoring.close': '关闭预警',
  'monitoring.rules.save': '修改监测预警规则',
  'monitoring.toTask': '预警转入定向抽查任务',
  'monitoring.export': '导出监测预警清单',
  'backup.create': '备份',
  'backup.daily': '每日自动备份',
  'backup.restore': '恢复备份',
  'server.import-desk': '从单机数据库迁入单位服务器',
  'backup.settings': '修改备份设置',
};

/** Shown for a code the table does not know (an entry written by a newer version). */
export const UNKNOWN_ACTION_LABEL = '其他操作';

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? UNKNOWN_ACTION_LABEL;
}

/** Entries an administrator should look at: failures and signs of tampering. */
export function auditActionIsWarning(action: string): boolean {
  return /failed|tampered|missing|corrupt|foreign|replaced|dropped|behind/.test(action);
}

/** Groups for the log's 操作类别 filter: a label and the action-code prefix it stands for. */
export const AUDIT_ACTION_GROUPS: readonly { prefix: string; label: string }[] = [
  { prefix: 'session.', label: '登录与锁定' },
  { prefix: 'user.', label: '用户管理' },
  { prefix: 'exchange.', label: '数据导入导出' },
  { prefix: 'grading.', label: '信用评价' },
  { prefix: 'models.', label: '评价模型' },
  { prefix: 'sampling.', label: '双随机抽查' },
  { prefix: 'backup.', label: '备份与恢复' },
  { prefix: 'audit.', label: '操作日志' },
  { prefix: 'settings.', label: '系统设置' },
];
