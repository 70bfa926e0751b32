/** Chinese names of audit actions for the log page; an unknown action shows its code. */
const LABELS: Record<string, string> = {
  'database.create': '创建数据库',
  'demo.generate': '生成演示数据',
  'session.login': '登录',
  'session.logout': '退出登录',
  'session.lock': '锁定',
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
  'exchange.import': '导入数据',
  'exchange.export': '导出数据',
  'exchange.undo': '撤销导入',
  'grading.run': '信用评价',
  'grading.adjust': '人工调整等级',
  'models.import': '导入评价模型',
  'models.export': '导出评价模型',
  'sampling.draw': '抽取',
  'sampling.redraw': '重新抽取',
  'sampling.review': '审核抽查结果',
  'sampling.publish': '公示抽查结果',
  'sampling.task.create': '创建抽查任务',
  'sampling.task.update': '修改抽查任务',
  'sampling.task.start': '开始检查',
  'sampling.results.complete': '结果录入完成',
  'sampling.export.plan': '导出抽查计划',
  'sampling.export.notice': '导出检查通知',
  'backup.create': '备份',
  'backup.restore': '恢复备份',
  'backup.settings': '修改备份设置',
};

export function auditActionLabel(action: string): string {
  return LABELS[action] ?? action;
}

/** Entries an administrator should look at: failures and signs of tampering. */
export function auditActionIsWarning(action: string): boolean {
  return /failed|tampered|missing|corrupt|foreign|replaced|dropped|behind/.test(action);
}

/** An ISO time as the PC's local date and time, e.g. 2026-05-01 17:03:09. */
export function formatLocalTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
