/**
 * Every long job the backend can hand to the job worker (job-worker.ts), by kind. A kind is the stage
 * the progress bar starts with and a function of (environment, input) that calls the area's service
 * with the connection it is given: the job worker's own connection, or the session's when the job runs
 * in the backend's thread (command line, tests). So the services stay the same code in both places.
 *
 * To add a kind: add an entry here (its input and output must survive a structured clone), then call
 * `ctx.runJob('<kind>', input)` from the area's handler. Nothing else changes: the worker, the runner
 * and the progress/cancel plumbing are generic (docs/data-door.md, "Long jobs").
 */
import type { QuarterlyInput } from '../../../shared/api/contracts/analysis.ts';
import type { AuditFilter } from '../../../shared/api/contracts/audit.ts';
import type { ExportInput } from '../../../shared/api/contracts/exchange.ts';
import type { CountyProfile } from '../../../shared/domain/county.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';
import { type DataDoor, isPg, sqliteOnly } from '../../db/sql.ts';
import { crossCheckAnchors } from '../../services/audit/anchors.ts';
import { verifyAudit } from '../../services/audit/read.ts';
import type { BlockedStepReports } from '../../services/backup/create.ts';
import { createBackup, dailyBackupIfDue } from '../../services/backup/service.ts';
import { writeDemoCounty } from '../../services/entities/demo-writer.ts';
import type { ImportRequest } from '../../services/exchange/import-service.ts';
import { undoBatch } from '../../services/exchange/undo.ts';
import { gradingReadersFromEnv } from '../../services/grading/parallel/readers-from-env.ts';
import { type RunRequest, runGrading } from '../../services/grading/run-grading.ts';
import { runMonitoring } from '../../services/monitoring/run.ts';
import { inStage, type JobControl } from '../../services/jobs.ts';

/** What a job runs with: a connection of its own thread, the user who asked, the time it was asked. */
export interface JobEnv {
  /**
   * The job thread's connection: the desk's file, or a bureau server's PostgreSQL database. A kind whose
   * service runs on SQLite alone says so with sqliteOnly, which refuses a server with a clear message.
   */
  db: DataDoor;
  dbPath: string;
  user: UserInfo;
  at: string;
  job: JobControl;
  /**
   * The data key, for a job that opens read-only connections of its own (a grading run's reader
   * threads); absent: such a job does its reading on `db`.
   */
  key?: Uint8Array;
  /**
   * Reports a file's growing size as progress every 200 ms from outside this thread, while a single
   * native call (VACUUM INTO) blocks it; returns the function that stops. Absent: no watcher (in-thread runs).
   */
  watchFile?: (path: string, expectedBytes: number) => () => void;
  /**
   * Reports a time-based estimate (labelled as one) of a blocking step expected to last `expectedMs`,
   * from outside this thread; returns the function that stops. Absent: no estimate (in-thread runs).
   */
  estimate?: (stage: string, expectedMs: number) => () => void;
}

export interface JobKind<I, O> {
  /** What the progress bar says until the service names its own stage. */
  stage: string;
  run(env: JobEnv, input: I): O | Promise<O>;
}

const kind = <I, O>(stage: string, run: (env: JobEnv, input: I) => O | Promise<O>): JobKind<I, O> => ({
  stage,
  run,
});

/** The import's reader and checks, loaded by the first import job: they pull in SheetJS. */
async function importService() {
  const [service, prepare] = await Promise.all([
    import('../../services/exchange/import-service.ts'),
    import('../../services/exchange/import/prepare.ts'),
  ]);
  return { ...service, loadStaged: prepare.loadStaged };
}

/** How a backup reports while one native call blocks this thread, when another thread can report for it. */
function blockedStepReports(env: JobEnv): BlockedStepReports {
  return {
    ...(env.watchFile ? { watchSnapshot: env.watchFile } : {}),
    ...(env.estimate ? { estimateCheck: env.estimate } : {}),
  };
}

export const JOB_KINDS = {
  'grading.run': kind('正在准备信用评价', (env, i: RunRequest) => ({
    run: runGrading(
      env.db,
      env.user,
      i,
      env.at,
      env.job,
      // Reader threads when that pays (parallel-source.ts decides); the variable forces them on or off.
      env.key
        ? gradingReadersFromEnv(process.env.CREDITDESK_GRADING_READERS, env.dbPath, env.key)
        : undefined,
    ),
  })),
  'monitoring.run': kind('正在准备监测预警', (env, i: { asOf: string }) => ({
    run: runMonitoring(env.db, env.user, i.asOf, env.at, env.job).run,
  })),
  'exchange.preview': kind('正在读取并校验数据', async (env, req: ImportRequest) => {
    const { loadStaged, previewImport } = await importService();
    // The parsed workbook stays cached in the thread that read it, so commit runs in the same thread.
    await loadStaged(req.file.path);
    return previewImport(env.db, env.user, req, env.at, inStage(env.job, '正在校验数据'));
  }),
  'exchange.commit': kind('正在导入数据', async (env, req: ImportRequest) => {
    const { loadStaged, commitImport } = await importService();
    await loadStaged(req.file.path);
    const run = commitImport(env.db, env.user, req, env.at, {
      job: inStage(env.job, '正在写入数据'),
    });
    return { batchId: run.batchId, counts: run.counts };
  }),
  'exchange.errorReport': kind(
    '正在生成错误报告',
    async (env, i: { req: ImportRequest; outPath: string }) => {
      const { loadStaged, importErrorReport } = await importService();
      await loadStaged(i.req.file.path);
      return importErrorReport(env.db, env.user, i.req, i.outPath, env.at);
    },
  ),
  'exchange.undo': kind('正在撤销导入批次', (env, i: { batchId: number }) =>
    undoBatch(env.db, env.user, i.batchId, env.at, env.job),
  ),
  /** Exports write to a download path the backend thread chose (and offers once the job answers). */
  'exchange.export': kind('正在导出', async (env, i: { input: ExportInput; outPath: string }) => {
    // The workbook writer (fflate) is loaded on the first export, not at start-up.
    const { runExport } = await import('../../services/exchange/export/run-export.ts');
    return runExport(env.db, env.user, i.input, i.outPath, {
      at: env.at,
      job: inStage(env.job, '正在导出'),
    });
  }),
  'audit.export': kind('正在导出操作日志', async (env, i: { filter: AuditFilter; outPath: string }) => {
    const { exportAudit } = await import('../../services/audit/export.ts');
    return exportAudit(env.db, env.user, i.filter, i.outPath, env.at, (done, total) =>
      env.job.progress(done, total, '正在导出操作日志'),
    );
  }),
  'audit.verify': kind('正在校验操作日志', (env, _i: Record<string, never>) => {
    const verified = verifyAudit(env.db, env.user, env.at, (done, total) => env.job.progress(done, total));
    // The anchors are files beside a desk's database; a server's chain is checked against itself.
    return isPg(env.db) ? verified : crossCheckAnchors(env.db, env.dbPath, verified);
  }),
  'analysis.quarterlyExport': kind(
    '正在汇总季度报告',
    async (env, i: { input: QuarterlyInput; outPath: string }) => {
      const { exportQuarterlyReport } = await import('../../services/analysis/quarterly/export.ts');
      const { fileName } = exportQuarterlyReport(env.db, env.user, i.input, i.outPath, env.at, env.job);
      return { fileName };
    },
  ),
  'backup.create': kind('正在备份数据库', (env, _i: Record<string, never>) =>
    createBackup(sqliteOnly(env.db, '备份数据库'), env.dbPath, {
      kind: 'manual',
      actor: env.user,
      at: env.at,
      onStage: (step, steps, stage) => env.job.progress(step, steps, stage),
      ...blockedStepReports(env),
    }),
  ),
  /** The first login of the day (SPEC §9), started after login answers (handlers/app.ts). */
  'backup.daily': kind('正在进行每日自动备份', (env, _i: Record<string, never>) =>
    dailyBackupIfDue(
      sqliteOnly(env.db, '每日自动备份'),
      env.dbPath,
      env.user,
      env.at,
      (step, steps, stage) => env.job.progress(step, steps, stage),
      blockedStepReports(env),
    ),
  ),
  /** First-run demo data; named like the call so the setup page's progress bar recognises it. */
  'app.setup': kind(
    '正在生成演示数据',
    (env, i: { entities: number; seed: string; county: CountyProfile; total: number }) =>
      writeDemoCounty(sqliteOnly(env.db, '生成演示数据'), {
        entities: i.entities,
        seed: i.seed,
        county: i.county,
        actor: env.user.username,
        at: env.at,
        // Setting up is not cancellable: the database it fills was created just now.
        job: {
          progress: (done, _total, stage) => env.job.progress(done, i.total, stage),
          checkCancelled() {},
        },
        ...(env.estimate ? { estimate: env.estimate } : {}),
      }),
  ),
} satisfies Record<string, JobKind<never, unknown>>;

export type JobKindName = keyof typeof JOB_KINDS;
export type JobInput<K extends JobKindName> = Parameters<(typeof JOB_KINDS)[K]['run']>[1];
export type JobOutput<K extends JobKindName> = Awaited<ReturnType<(typeof JOB_KINDS)[K]['run']>>;

export function isJobKind(name: string): name is JobKindName {
  return Object.hasOwn(JOB_KINDS, name);
}
