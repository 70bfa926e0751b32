/**
 * One audit entry in plain Chinese: what was acted on (对象) and what happened (说明), e.g.
 * “导入市场主体（检查对象名录库）478 户（新增 478，更新 0）” or “录入抽查结果：示范县某某公司 → 未发现问题”.
 * The stored target and detail keep internal ids (batch:6, taskId, entityId); the caller looks those up
 * and passes them in a name book, so this stays pure and the same text reaches the screen and Excel.
 */
import { EXPORT_KIND_LABELS, type ExportKind } from '../api/contracts/exchange.ts';
import { ROLE_LABELS, type Role } from '../domain/users.ts';
import { IMPORT_KIND_LABELS, type ImportKind } from '../exchange/types.ts';
import { resultLabel } from '../inspection-results/index.ts';
import { auditActionIsWarning, auditActionLabel } from './actions.ts';

/** Names the caller looked up for the ids an entry refers to; a missing one is shown generically. */
export interface AuditNameBook {
  entity(id: number): string | undefined;
  task(id: number): string | undefined;
  user(username: string): string | undefined;
  model(id: string): string | undefined;
}

export interface AuditEntryInput {
  action: string;
  target: string | null;
  detail: Record<string, unknown>;
}

export interface AuditDescription {
  actionLabel: string;
  object: string;
  summary: string;
  warning: boolean;
}

/** The ids an entry refers to, for the caller to look up before describing a page of entries. */
export function auditReferences(e: AuditEntryInput): { entityIds: number[]; taskIds: number[] } {
  const entityIds: number[] = [];
  const taskIds: number[] = [];
  const entityId = num(e.detail.entityId) ?? idAfter(e.target, 'entity:');
  if (entityId !== null) entityIds.push(entityId);
  const taskId = num(e.detail.taskId);
  if (taskId !== null) taskIds.push(taskId);
  return { entityIds, taskIds };
}

export function describeAudit(e: AuditEntryInput, names: AuditNameBook): AuditDescription {
  const { object, summary } = describe(e, names);
  return {
    actionLabel: auditActionLabel(e.action),
    object,
    summary,
    warning: auditActionIsWarning(e.action),
  };
}

const REFERENCE_OBJECTS: Record<string, string> = {
  'sampling.items.upsert': '抽查事项清单',
  'sampling.inspectors.upsert': '执法检查人员名录',
  'sampling.conflicts.upsert': '回避关系',
  'sampling.calendar.upsert': '工作日历',
  'sampling.profiles.upsert': '抽查比例方案',
};

function describe(e: AuditEntryInput, names: AuditNameBook): { object: string; summary: string } {
  const d = e.detail;
  const n = (k: string) => num(d[k]) ?? 0;
  switch (e.action) {
    case 'database.create':
      return { object: '本县数据库', summary: `创建${str(d.county) ?? '本县'}的数据库` };
    case 'demo.generate':
      return {
        object: '演示数据',
        summary: `生成演示市场主体 ${count(n('entities'))} 户（新增 ${count(n('inserted'))}，更新 ${count(n('updated'))}）`,
      };
    case 'server.import-desk': {
      const moved = obj(d.counts);
      const rows = (k: string) => count(num(moved[k]) ?? 0);
      return {
        object: '本县数据库',
        summary: `从单机数据库迁入市场主体 ${rows('entities')} 户、信用记录 ${rows('records')} 条、操作日志 ${rows('audit_log')} 条`,
      };
    }
    case 'session.login':
    case 'session.logout':
    case 'session.lock':
      return { object: '', summary: '' };
    case 'session.login_failed':
      return { object: '', summary: '密码错误或账户被锁定，登录未成功' };
    case 'session.login_log_tampered':
      return { object: '登录失败记录文件', summary: str(d.what) ?? '' };
    case 'user.add':
    case 'user.remove': {
      const role = roleLabel(d.role);
      const unit = str(d.jurisdiction);
      return {
        object: userName(e.target, names, str(d.displayName)),
        summary: [role ? `角色：${role}` : '', unit ? `管辖单位：${unit}` : ''].filter(Boolean).join('；'),
      };
    }
    case 'user.update':
      return { object: userName(e.target, names, null), summary: userChange(d) };
    case 'user.unlock':
    case 'user.password_reset':
    case 'user.password_change':
      return { object: userName(e.target, names, null), summary: '' };
    case 'user.password_change_failed':
      return {
        object: userName(e.target, names, null),
        summary: d.lockedOut === true ? '当前密码多次输错，账户已被锁定' : '当前密码输入错误',
      };
    case 'settings.idle_lock':
      return { object: '空闲锁定时间', summary: `由 ${duration(d.before)} 改为 ${duration(d.after)}` };
    case 'audit.verify':
      return {
        object: '操作日志',
        summary:
          d.intact === true
            ? `完整，共 ${count(n('entries'))} 条记录`
            : `发现篡改（第 ${num(obj(d.firstBroken).id) ?? '?'} 条起）`,
      };
    case 'audit.export':
      return { object: '操作日志', summary: `导出 ${count(n('rows'))} 条记录${fileNote(d.fileName)}` };
    case 'exchange.import':
      return {
        object: importKind(d.kind),
        summary:
          `导入${importKind(d.kind)} ${count(n('inserted') + n('updated') + n('unchanged'))} ${d.kind === 'entities' ? '户' : '条'}` +
          `（新增 ${count(n('inserted'))}，更新 ${count(n('updated'))}` +
          `${n('errors') ? `，有误未导入 ${count(n('errors'))}` : ''}）${fileNote(d.fileName)}`,
      };
    case 'exchange.undo':
      return {
        object: importKind(d.kind),
        summary: `撤销导入：删除 ${count(n('deleted'))} 条，恢复 ${count(n('restored'))} 条${fileNote(d.fileName)}`,
      };
    case 'exchange.export':
      return {
        object: exportKind(e.target),
        summary: `导出 ${count(n('rows'))} 行${fileNote(d.fileName)}`,
      };
    case 'exchange.errorReport':
      return {
        object: importKind(e.target),
        summary: `导出错误报告 ${count(n('rows'))} 行${fileNote(d.fileName)}`,
      };
    case 'grading.run':
      return {
        object: `第 ${idAfter(e.target, 'run:') ?? '?'} 次信用评价`,
        summary:
          `按“${modelName(d.model, names)}”评价 ${count(n('graded'))} 户，基准日 ${str(d.asOf) ?? ''}` +
          distribution(d.distribution),
      };
    case 'grading.adjust':
      return {
        object: entityName(d, e.target, names),
        summary: `信用等级由 ${str(d.from) ?? str(d.computed) ?? '—'} 调整为 ${str(d.to) ?? '—'}${str(d.reason) ? `：${str(d.reason)}` : ''}`,
      };
    case 'models.import':
    case 'models.export': {
      const m = /^model:(.+)@(.+)$/.exec(e.target ?? '');
      const name = str(d.name) ?? (m ? modelName(m[1], names) : '评价模型');
      return { object: `评价模型“${name}”${m ? `（版本 ${m[2]}）` : ''}`, summary: '' };
    }
    case 'models.edit': {
      const m = /^model:(.+)@(.+)$/.exec(e.target ?? '');
      const name = str(d.name) ?? (m ? modelName(m[1], names) : '评价模型');
      const changes = Array.isArray(d.changes) ? d.changes.filter((c) => typeof c === 'string') : [];
      return {
        object: `评价模型“${name}”${m ? `（版本 ${m[2]}）` : ''}`,
        summary: `由版本 ${str(d.from) ?? '?'} 修改：${changes.join('；')}`,
      };
    }
    case 'sampling.result.enter':
    case 'sampling.result.correct':
      return {
        object: taskName(d, e.target, names),
        summary: `${auditActionLabel(e.action)}：${entityName(d, null, names)} → ${results(d.results)}`,
      };
    case 'sampling.result.enterMany': {
      const ids = Array.isArray(d.entityIds) ? d.entityIds : [];
      return {
        object: taskName(d, e.target, names),
        summary: `其余 ${count(ids.length)} 户 → ${results(d.results)}`,
      };
    }
    case 'sampling.result.clear': {
      const ids = Array.isArray(d.entityIds) ? d.entityIds : [];
      return { object: taskName(d, e.target, names), summary: `撤销 ${count(ids.length)} 户的检查结果` };
    }
    case 'sampling.draw':
      return {
        object: taskName(d, e.target, names),
        summary: `抽中 ${count(n('selected'))} 户${n('unstaffed') ? `，${count(n('unstaffed'))} 户未配齐检查人员` : ''}`,
      };
    case 'sampling.redraw':
      return {
        object: taskName(d, e.target, names),
        summary: `重新抽取，理由：${str(d.reason) ?? ''}`,
      };
    case 'sampling.task.create':
    case 'sampling.task.update':
    case 'sampling.task.start':
    case 'sampling.results.complete':
    case 'sampling.review':
    case 'sampling.publish':
      return { object: taskName(d, e.target, names), summary: '' };
    case 'sampling.export.plan':
    case 'sampling.export.notice':
      return { object: taskName(d, e.target, names), summary: `导出 ${count(n('rows'))} 户` };
    case 'sampling.items.upsert':
    case 'sampling.inspectors.upsert':
    case 'sampling.conflicts.upsert':
    case 'sampling.calendar.upsert':
    case 'sampling.profiles.upsert':
      return {
        object: REFERENCE_OBJECTS[e.action] ?? '',
        summary: `保存 ${count(n('rows'))} 条（新增 ${count(n('inserted'))}，更新 ${count(n('updated'))}）`,
      };
    case 'sampling.items.delete':
      return { object: `抽查事项 ${e.target ?? ''}`, summary: '' };
    case 'sampling.conflicts.delete': {
      const [no, code] = (e.target ?? '').split(':');
      return { object: `检查人员 ${no ?? ''} 与 ${code ?? ''} 的回避关系`, summary: '' };
    }
    case 'sampling.calendar.delete':
      return { object: `工作日历 ${e.target ?? ''}`, summary: '' };
    case 'backup.create':
    case 'backup.daily': {
      const removed = Array.isArray(d.removed) ? d.removed.length : 0;
      return {
        object: backupName(e.target),
        summary: `${size(d.size)}${removed ? `，按保留份数删除旧备份 ${removed} 份` : ''}`,
      };
    }
    case 'backup.restore':
      return {
        object: backupName(e.target),
        summary: d.safetyCopy ? '恢复前已为当前数据库保存安全副本' : '',
      };
    case 'backup.settings': {
      const keep = obj(d.keep);
      return {
        object: '备份保留份数',
        summary: `由 ${num(keep.from) ?? '—'} 份改为 ${num(keep.to) ?? '—'} 份`,
      };
    }
  }
  if (e.action.startsWith('session.login_log') || e.action === 'session.login_failures_dropped')
    return { object: '登录失败记录文件', summary: '' };
  return { object: '', summary: '' };
}

// ---- helpers -------------------------------------------------------------------------------------

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function idAfter(target: string | null, prefix: string): number | null {
  if (!target?.startsWith(prefix)) return null;
  const n = Number(target.slice(prefix.length));
  return Number.isInteger(n) ? n : null;
}

function count(n: number): string {
  return n.toLocaleString('zh-CN');
}

function fileNote(fileName: unknown): string {
  const f = str(fileName);
  return f ? `，文件“${f}”` : '';
}

function importKind(kind: unknown): string {
  return typeof kind === 'string' && kind in IMPORT_KIND_LABELS
    ? IMPORT_KIND_LABELS[kind as ImportKind]
    : '数据';
}

function exportKind(kind: unknown): string {
  return typeof kind === 'string' && kind in EXPORT_KIND_LABELS
    ? EXPORT_KIND_LABELS[kind as ExportKind]
    : '数据';
}

function roleLabel(role: unknown): string | null {
  return typeof role === 'string' && role in ROLE_LABELS ? ROLE_LABELS[role as Role] : null;
}

function userName(username: string | null, names: AuditNameBook, fallback: string | null): string {
  if (!username) return '';
  return names.user(username) ?? fallback ?? '已删除的用户';
}

function userChange(d: Record<string, unknown>): string {
  const before = obj(d.before);
  const after = obj(d.after);
  const parts: string[] = [];
  if (before.displayName !== after.displayName)
    parts.push(`姓名由“${str(before.displayName) ?? ''}”改为“${str(after.displayName) ?? ''}”`);
  if (before.role !== after.role)
    parts.push(`角色由${roleLabel(before.role) ?? '—'}改为${roleLabel(after.role) ?? '—'}`);
  // Entries written before migration 017 name no unit on either side: nothing to say then.
  if (before.jurisdiction !== after.jurisdiction)
    parts.push(`管辖单位由“${unitLabel(before.jurisdiction)}”改为“${unitLabel(after.jurisdiction)}”`);
  return parts.join('；');
}

/** A user's 管辖单位 as the users page shows it: none is the whole county. */
function unitLabel(v: unknown): string {
  return str(v) ?? '全县';
}

function duration(v: unknown): string {
  const s = num(v);
  if (s === null) return '—';
  return s % 60 === 0 ? `${s / 60} 分钟` : `${s} 秒`;
}

function distribution(v: unknown): string {
  const parts = Object.entries(obj(v))
    .filter(([, c]) => typeof c === 'number')
    .map(([grade, c]) => `${grade} 类 ${count(c as number)}`);
  return parts.length ? `（${parts.join('，')}）` : '';
}

function modelName(id: unknown, names: AuditNameBook): string {
  return (typeof id === 'string' && names.model(id)) || '评价模型';
}

function entityName(d: Record<string, unknown>, target: string | null, names: AuditNameBook): string {
  const id = num(d.entityId) ?? idAfter(target, 'entity:');
  return (id !== null && names.entity(id)) || '已删除的市场主体';
}

function taskName(d: Record<string, unknown>, target: string | null, names: AuditNameBook): string {
  const id = num(d.taskId);
  const name = id !== null ? names.task(id) : undefined;
  if (name && target) return `${name}（${target}）`;
  return name ?? (target ? `抽查任务（${target}）` : '抽查任务');
}

function results(v: unknown): string {
  if (!Array.isArray(v) || v.length === 0) return '—';
  return v.map((c) => resultLabel(String(c))).join('、');
}

function size(v: unknown): string {
  const b = num(v);
  if (b === null) return '';
  return b >= 1024 * 1024 ? `大小 ${(b / 1024 / 1024).toFixed(1)} MB` : `大小 ${Math.ceil(b / 1024)} KB`;
}

/** `backup:20260501-170309-manual` → 2026-05-01 17:03:09 的备份. */
function backupName(target: string | null): string {
  const m = /^backup:(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(target ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]} 的备份` : '备份';
}
