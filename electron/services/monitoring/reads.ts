/** What the 监测预警 page reads: overview counts, the warning list, one warning, one cluster, runs. */
import {
  type MonitoredEntityRow,
  type MonitoringOverview,
  WARNING_STATUS_LABELS,
  WARNING_STEP_LABELS,
  type WarningDetail,
  type WarningFilter,
  type WarningStatus,
  type WarningSummary,
} from '../../../shared/api/contracts/monitoring.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { MONITORING_RULE_LABELS, type MonitoringRuleId } from '../../../shared/monitoring/rules.ts';
import { can } from '../../../shared/domain/permissions.ts';
import { type Actor, authorize } from '../authz.ts';
import { allModels } from '../grading/model-store.ts';
import {
  type EntityViewRow,
  entitiesOfCluster,
  entitiesOfWarning,
  gradesInForce,
} from './repository/entity-views.ts';
import { findMonitoringRun, monitoringRunsLatestFirst } from './repository/runs.ts';
import {
  activeCountsBy,
  activeWarningCount,
  countWarnings,
  findWarning,
  listWarnings,
  stepsOf,
  type WarningQuery,
} from './repository/warnings.ts';
import { runInfo, warningSummary } from './views.ts';
import type { DataDoor } from '../../db/sql.ts';

export function warningQuery(f: WarningFilter): WarningQuery {
  return {
    rule: f.rule,
    level: f.level,
    status: f.status,
    activeOnly: f.state === 'active',
    township: f.township,
    q: f.q,
    runId: f.runId,
  };
}

export function monitoringOverview(db: DataDoor, actor: Actor): MonitoringOverview {
  authorize(actor, 'monitoring.read');
  const last = monitoringRunsLatestFirst(db, 1)[0];
  const labelled = (rows: { key: string; count: number }[], label: (k: string) => string) =>
    rows.map((r) => ({ key: r.key, label: label(r.key), count: r.count }));
  return {
    lastRun: last ? runInfo(last) : null,
    active: activeWarningCount(db),
    byRule: labelled(activeCountsBy(db, 'rule'), (k) => MONITORING_RULE_LABELS[k as MonitoringRuleId] ?? k),
    byLevel: labelled(activeCountsBy(db, 'level'), (k) => k),
    byTownship: labelled(activeCountsBy(db, 'township'), (k) => k),
    byStatus: labelled(activeCountsBy(db, 'status'), (k) => WARNING_STATUS_LABELS[k as WarningStatus] ?? k),
  };
}

export function listMonitoringWarnings(
  db: DataDoor,
  actor: Actor,
  input: WarningFilter & { offset: number; limit: number },
): { total: number; items: WarningSummary[] } {
  authorize(actor, 'monitoring.read');
  const q = warningQuery(input);
  return {
    total: countWarnings(db, q),
    items: listWarnings(db, q, input.offset, input.limit).map(warningSummary),
  };
}

/** Entity rows with their grades in force and list status, for the warning and cluster views. */
function entityRows(db: DataDoor, rows: readonly EntityViewRow[]): MonitoredEntityRow[] {
  const models = new Map(allModels(db).map((m) => [`${m.model.id}\u0000${m.model.version}`, m.model]));
  const grades = new Map<number, MonitoredEntityRow['grades']>();
  for (const g of gradesInForce(
    db,
    rows.map((r) => r.id),
  )) {
    const model = models.get(`${g.model_id}\u0000${g.model_version}`);
    const band = model?.bands.find((b) => b.grade === g.grade);
    const list = grades.get(g.entity_id) ?? [];
    list.push({ modelName: model?.name ?? g.model_id, grade: g.grade, label: band?.label ?? g.grade });
    grades.set(g.entity_id, list);
  }
  return rows.map((r) => ({
    entityId: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    township: r.township,
    address: r.address,
    legalRepresentative: r.legal_rep,
    active: r.active === 1,
    grades: grades.get(r.id) ?? [],
    lists: [...(r.abnormal === 1 ? ['经营异常名录'] : []), ...(r.serious === 1 ? ['严重违法失信名单'] : [])],
  }));
}

export function availableSteps(actor: Actor, status: WarningStatus): WarningDetail['available'] {
  const out: WarningDetail['available'] = [];
  if (status === 'open' && can(actor.role, 'monitoring.decide')) out.push('confirm', 'dismiss');
  if ((status === 'confirmed' || status === 'disposed') && can(actor.role, 'monitoring.handle')) {
    out.push('dispose', 'close');
  }
  return out;
}

export function getMonitoringWarning(db: DataDoor, actor: Actor, id: number, today: string): WarningDetail {
  authorize(actor, 'monitoring.read');
  const w = findWarning(db, id);
  if (!w) throw new ApiError('not_found', '未找到该预警。');
  return {
    ...warningSummary(w),
    entities: entityRows(db, entitiesOfWarning(db, id, today)),
    steps: stepsOf(db, id).map((s) => ({
      step: s.step,
      label: WARNING_STEP_LABELS[s.step],
      at: s.at,
      byUser: s.by_user,
      byName: s.by_name ?? s.by_user,
      note: s.note,
      action: s.action,
      evidence: s.evidence ? (JSON.parse(s.evidence) as string[]) : null,
    })),
    available: availableSteps(actor, w.status),
  };
}

export function monitoringCluster(
  db: DataDoor,
  actor: Actor,
  type: 'address' | 'person',
  key: string,
  today: string,
): { type: 'address' | 'person'; key: string; display: string; entities: MonitoredEntityRow[] } {
  authorize(actor, 'monitoring.read');
  const rows = entitiesOfCluster(db, type, key, today);
  if (rows.length === 0)
    throw new ApiError('not_found', type === 'address' ? '该地址下没有市场主体。' : '此人名下没有市场主体。');
  return { type, key, display: rows[0]?.raw?.trim() ?? key, entities: entityRows(db, rows) };
}

export function monitoringRuns(db: DataDoor, actor: Actor) {
  authorize(actor, 'monitoring.read');
  return { runs: monitoringRunsLatestFirst(db).map(runInfo) };
}

export function monitoringRun(db: DataDoor, id: number) {
  const r = findMonitoringRun(db, id);
  if (!r) throw new ApiError('not_found', '未找到该监测批次。');
  return runInfo(r);
}
