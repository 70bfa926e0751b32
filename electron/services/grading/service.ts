/** Authorized reads of grading results for the handlers and the command line (grading.read). */
import type { Db } from '../../db/open.ts';
import { type Actor, authorize } from '../authz.ts';
import { can } from '../../../shared/domain/permissions.ts';
import {
  compareRuns,
  entityGrades,
  explainResult,
  listRunInfos,
  runDistribution,
  runResults,
} from './queries.ts';

export function gradingRuns(db: Db, actor: Actor) {
  authorize(actor, 'grading.read');
  return { runs: listRunInfos(db) };
}

export function gradingDistribution(db: Db, actor: Actor, runId: number) {
  authorize(actor, 'grading.read');
  return runDistribution(db, runId);
}

export function gradingResults(
  db: Db,
  actor: Actor,
  q: { runId: number; grade: string | null; offset: number; limit: number },
) {
  authorize(actor, 'grading.read');
  return runResults(db, q);
}

export function gradingCompare(db: Db, actor: Actor, q: Parameters<typeof compareRuns>[1]) {
  authorize(actor, 'grading.read');
  return compareRuns(db, q);
}

export function gradingExplain(db: Db, actor: Actor, runId: number, entityId: number) {
  authorize(actor, 'grading.read');
  return explainResult(db, runId, entityId);
}

export function gradingOfEntity(db: Db, actor: Actor, entityId: number) {
  authorize(actor, 'grading.read');
  return { ...entityGrades(db, entityId), canAdjust: can(actor.role, 'grading.adjust') };
}
