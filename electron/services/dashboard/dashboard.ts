/**
 * 工作台 in one call (issue 10 item 8). Each part comes from the service that owns it: deadlines from
 * the sampling task list (shared/calendar's working days and the lifecycle's publication deadline), the
 * distribution from the grading reads, the last backup from the backups folder's catalogue. On a bureau
 * server (PostgreSQL) every part reads the same services; the server keeps no backups folder of its own
 * (its database is backed up by the server's own tools), so the last backup is null there.
 */
import type { Dashboard } from '../../../shared/api/contracts/dashboard.ts';
import { can } from '../../../shared/domain/permissions.ts';
import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { listBackupsIn } from '../backup/catalog.ts';
import { backupsDirFor } from '../backup/layout.ts';
import { listTownships } from '../entities/reads.ts';
import { listRunInfos, runDistribution } from '../grading/reads.ts';
import { daysBetween, localIsoDate } from '../../../shared/dates/iso-date.ts';
import { openWarningCount } from '../monitoring/overview.ts';
import { caseOverview } from '../repair/overview.ts';
import { deadlineOverview } from '../sampling/tasks.ts';
import { entityCounts } from './repository.ts';

/** Deadline states the 工作台 lists; 'ok' (plenty of time) and 'done' (published) are left out. */
const URGENT = new Set(['near', 'due_today', 'overdue']);

export function dashboard(db: DataDoor, dbPath: string, actor: Actor, now: string): Dashboard {
  authorize(actor, 'entities.read');
  const today = localIsoDate(now);
  // Each part only for a role that may read it (today every role may read all of them).
  const tasks = can(actor.role, 'sampling.read') ? deadlineOverview(db, actor, today) : [];
  const latestRun = can(actor.role, 'grading.read')
    ? listRunInfos(db).find((r) => r.status === 'complete')
    : undefined;
  const cases = can(actor.role, 'repair.read')
    ? caseOverview(db, actor, today)
    : { openItems: {}, urgentCases: [] };
  const backup = listBackupsIn(backupsDirFor(dbPath)).find((b) => b.kind !== 'pre-restore');
  return {
    today,
    entities: {
      ...entityCounts(db),
      townships: [...listTownships(db)].sort((a, b) => b.count - a.count),
    },
    deadlineTasks: tasks.filter((t) => URGENT.has(t.deadline.state)),
    tasksWithResultsLeft: tasks.filter(
      (t) => (t.status === 'drawn' || t.status === 'in_progress') && t.selected > t.resultsEntered,
    ),
    grading: latestRun ? runDistribution(db, latestRun.id) : null,
    lastBackup: backup
      ? {
          createdAt: backup.createdAt,
          kind: backup.kind,
          ageDays: Math.max(0, daysBetween(localIsoDate(backup.createdAt), today)),
        }
      : null,
    openItems: {
      ...cases.openItems,
      ...(can(actor.role, 'monitoring.read') ? { warnings: openWarningCount(db, actor) } : {}),
    },
    urgentCases: cases.urgentCases,
  };
}
