/**
 * A monitoring run over the database (issue 13): the facts by set-based SQL, the pure engine, then the
 * warnings stored in one unit of work — one row per rule and subject: a new one is 生成; one still open
 * takes the new evidence (更新证据) when it changed; a closed or dismissed one reopens only when its
 * evidence changed since. The run and its counts are audited.
 */
import { createHash } from 'node:crypto';
import type { MonitoringRunInfo } from '../../../shared/api/contracts/monitoring.ts';
import { evaluateMonitoring } from '../../../shared/monitoring/evaluate.ts';
import type { MonitoringWarning } from '../../../shared/monitoring/warning.ts';
import { type DataDoor, unitOfWork } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { type JobControl, NO_JOB } from '../jobs.ts';
import { collectMonitoringFacts } from './repository/facts.ts';
import { finishMonitoringRun, findMonitoringRun, insertMonitoringRun } from './repository/runs.ts';
import {
  findWarningBySubject,
  insertStep,
  insertWarning,
  markSeen,
  updateWarningContent,
} from './repository/warnings.ts';
import { ruleSetForRun } from './rule-set.ts';
import { runInfo } from './views.ts';

/** What makes evidence “new”: the level, action, entities and evidence sentences. */
export function warningDigest(w: MonitoringWarning): string {
  return createHash('sha256')
    .update(JSON.stringify([w.level, w.action, w.entities, w.evidence]))
    .digest('hex')
    .slice(0, 32);
}

export interface MonitoringRunOutcome {
  run: MonitoringRunInfo;
  warnings: MonitoringWarning[];
}

export function runMonitoring(
  db: DataDoor,
  actor: Actor,
  asOf: string,
  at: string,
  job: JobControl = NO_JOB,
): MonitoringRunOutcome {
  authorize(actor, 'monitoring.handle');
  const started = performance.now();
  const { stored, ruleSet } = ruleSetForRun(db);
  job.progress(0, 3, '正在汇总监测数据');
  const facts = collectMonitoringFacts(db, asOf, ruleSet);
  job.checkCancelled();
  job.progress(1, 3, '正在运行监测规则');
  const warnings = evaluateMonitoring(facts, ruleSet);
  job.checkCancelled();
  job.progress(2, 3, '正在保存预警');
  const runId = unitOfWork(db, () => {
    const id = insertMonitoringRun(db, asOf, stored.seq, actor.username, at);
    const counts = { found: warnings.length, created: 0, updated: 0, reopened: 0 };
    for (let i = 0; i < warnings.length; i++) {
      const w = warnings[i] as MonitoringWarning;
      if (i % 1000 === 0) job.checkCancelled();
      const digest = warningDigest(w);
      const step = { runId: id, at, byUser: actor.username, note: null, action: null, evidence: w.evidence };
      const existing = findWarningBySubject(db, w);
      if (!existing) {
        const warningId = insertWarning(db, w, digest, id, at);
        insertStep(db, { ...step, warningId, step: 'generate' });
        counts.created++;
        continue;
      }
      markSeen(db, existing.id, id, at);
      if (existing.digest === digest) continue;
      const closed = existing.status === 'closed' || existing.status === 'dismissed';
      updateWarningContent(db, existing.id, w, digest, closed, at);
      insertStep(db, { ...step, warningId: existing.id, step: closed ? 'reopen' : 'update' });
      if (closed) counts.reopened++;
      else counts.updated++;
    }
    finishMonitoringRun(db, id, { ...counts, tookMs: Math.round(performance.now() - started) });
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'monitoring.run',
      target: asOf,
      detail: { runId: id, ruleSet: stored.set_id, version: stored.version, ...counts },
    });
    return id;
  });
  job.progress(3, 3, '监测完成');
  return { run: runInfo(findMonitoringRun(db, runId)!), warnings };
}
