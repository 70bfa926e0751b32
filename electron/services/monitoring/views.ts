/** Stored rows → the contract's shapes. */
import type { MonitoringRunInfo, WarningSummary } from '../../../shared/api/contracts/monitoring.ts';
import { MONITORING_RULE_LABELS } from '../../../shared/monitoring/rules.ts';
import type { StoredRun } from './repository/runs.ts';
import type { StoredWarning } from './repository/warnings.ts';

export function runInfo(r: StoredRun): MonitoringRunInfo {
  return {
    id: r.id,
    asOf: r.as_of,
    ruleSetId: r.rule_set_id,
    ruleSetVersion: r.rule_set_version,
    createdBy: r.created_by,
    createdAt: r.created_at,
    tookMs: r.took_ms,
    found: r.found,
    created: r.created,
    updated: r.updated,
    reopened: r.reopened,
  };
}

export function warningSummary(w: StoredWarning): WarningSummary {
  const entities = JSON.parse(w.entities) as string[];
  return {
    id: w.id,
    rule: w.rule,
    ruleName: MONITORING_RULE_LABELS[w.rule],
    level: w.level,
    action: w.action,
    subject: { type: w.subject_type, key: w.subject_key, display: w.subject_display },
    status: w.status,
    entities,
    entityCount: entities.length,
    townships: JSON.parse(w.townships) as string[],
    evidence: JSON.parse(w.evidence) as string[],
    firstSeenAt: w.first_seen_at,
    lastSeenAt: w.last_seen_at,
    disposedAction: w.disposed_action,
    taskId: w.task_id,
  };
}
