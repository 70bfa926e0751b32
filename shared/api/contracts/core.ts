/** The foundation's calls: app lifecycle, session, entities. Other areas have their own file beside this. */
import { z } from 'zod';
import type { ContractTable } from './table.ts';
import { countyProfileSchema } from '../../domain/county.ts';
import { entityKindSchema, entitySchema, entityStatusSchema } from '../../domain/entity.ts';
import { recordTypeSchema } from '../../domain/records.ts';
import { passwordSchema, userInfoSchema, usernameSchema } from '../../domain/users.ts';

export const empty = z.object({}).strict();

export const entityRowSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  uscc: z.string().nullable(),
  regNo: z.string().nullable(),
  name: z.string(),
  kind: entityKindSchema,
  status: entityStatusSchema,
  legalRep: z.string().nullable(),
  township: z.string().nullable(),
  industryName: z.string().nullable(),
  establishedOn: z.string().nullable(),
  recordCount: z.number().int(),
});
export type EntityRow = z.infer<typeof entityRowSchema>;

export const storedRecordSchema = z.object({
  id: z.number().int(),
  type: recordTypeSchema,
  date: z.string(),
  source: z.string().nullable(),
  batchId: z.number().int().nullable(),
  /** Kind-specific fields as in the canonical exchange JSON (see shared/domain/records.ts). */
  data: z.record(z.string(), z.unknown()),
});
export type StoredRecord = z.infer<typeof storedRecordSchema>;

export const demoOptionsSchema = z.object({
  entities: z.number().int().min(1).max(2_000_000),
  seed: z.string().min(1).max(64),
});

export const jobProgressSchema = z.object({
  /** null when nothing long is running. */
  job: z.string().nullable(),
  /** Chinese, for the screen: what is being done now. */
  stage: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  /**
   * Set while a request's write waits for a long job's write lock (another write is in progress):
   * '另一项写入正在进行，等待中…'. The request answers once the job lets go, or fails after a bound.
   */
  notice: z.string().optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;
export const IDLE_PROGRESS: JobProgress = { job: null, stage: '', done: 0, total: 0 };

export const entitySearchInputSchema = z
  .object({
    query: z.string().max(100).default(''),
    kind: entityKindSchema.nullable().default(null),
    status: entityStatusSchema.nullable().default(null),
    township: z.string().max(30).nullable().default(null),
    /** 管辖单位 (e.g. a 市场监管所), as registered. */
    jurisdiction: z.string().max(60).nullable().default(null),
    /** GB/T 4754 section letter (门类 A–T): the first letter of the industry code. */
    section: z
      .string()
      .regex(/^[A-T]$/, '行业门类应为 A–T 中的一个字母')
      .nullable()
      .default(null),
    /**
     * Entities of these classes in one grading run (the analysis page's click-through): both or neither.
     * Several classes are one filter, e.g. C and D for 高风险.
     */
    run: z
      .object({
        runId: z.number().int().positive(),
        classes: z.array(z.string().min(1).max(8)).min(1).max(10),
      })
      .strict()
      .nullable()
      .default(null),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export const coreContract = {
  /** What the login screen needs before anyone has logged in. */
  'app.status': {
    input: empty,
    output: z.object({
      databaseExists: z.boolean(),
      user: userInfoSchema.nullable(),
      county: countyProfileSchema.nullable(),
      /** Suggested first-run settings (a demo county) when no database exists yet. */
      firstRunDefaults: z.object({ county: countyProfileSchema, demo: demoOptionsSchema.nullable() }),
      /**
       * SPEC §9 quick_check of the open database: 'checking' while a big file is checked in the
       * background after login, 'ok', 'damaged' (the session was closed; log in again for recovery),
       * null when no database is open (or the background check could not run).
       */
      integrity: z.enum(['checking', 'ok', 'damaged']).nullable(),
      /**
       * The day's automatic backup, started in the background after the first login of the day:
       * 'waiting' (for the background integrity check to end first), 'running' (app.progress shows
       * its steps), 'done', 'failed' with the reason; null when none was
       * due this session (or it ran inside the login, outside the app).
       */
      dailyBackup: z
        .object({ state: z.enum(['waiting', 'running', 'done', 'failed']), message: z.string().nullable() })
        .nullable(),
      /** true when this is a bureau server shared by many officers (absent or false: this desk's own database). */
      server: z.boolean().optional(),
    }),
  },
  /** First run: creates the encrypted database, the admin user and the county profile. */
  'app.setup': {
    input: z
      .object({
        admin: z.object({
          username: usernameSchema,
          displayName: z.string().trim().min(1, '请填写姓名').max(40),
          password: passwordSchema,
        }),
        county: countyProfileSchema,
        demo: demoOptionsSchema.nullable(),
      })
      .strict(),
    output: z.object({ user: userInfoSchema, county: countyProfileSchema, demoEntities: z.number().int() }),
  },
  /**
   * Progress of the long job in flight (first-run demo generation …). Answered without waiting for the
   * job, so the UI can poll it while the backend works.
   */
  'app.progress': {
    input: empty,
    output: jobProgressSchema,
  },
  /**
   * Asks the long job in flight to stop. Answered at once (like app.progress); the job itself ends with
   * the error code 'cancelled' and leaves the database as it was before the job.
   */
  'app.cancel': {
    input: empty,
    output: z.object({ requested: z.boolean() }),
  },
  'session.login': {
    input: z
      .object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) })
      .strict(),
    output: z.object({ user: userInfoSchema, county: countyProfileSchema }),
  },
  'session.logout': { input: empty, output: empty },
  /**
   * Ends every session of the logged-in officer, on every browser (a bureau server); on a desk, where
   * there is only this one, the same as logging out. Answers how many sessions were open.
   */
  'session.logoutEverywhere': { input: empty, output: z.object({ sessions: z.number().int() }) },
  'entities.search': {
    input: entitySearchInputSchema,
    output: z.object({
      total: z.number().int(),
      /** true: more than `total` match; the count (and the list) stops there — type a longer fragment. */
      totalCapped: z.boolean(),
      rows: z.array(entityRowSchema),
      tookMs: z.number(),
      /**
       * The signed-in officer's 管辖单位 when they read only its entities (every count and row above is
       * of that unit); null: the whole county. Optional so older answers still parse.
       */
      scopedTo: z.string().nullable().optional(),
    }),
  },
  'entities.get': {
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({
      id: z.number().int(),
      entity: entitySchema,
      records: z.array(storedRecordSchema),
    }),
  },
  'entities.townships': {
    input: empty,
    output: z.object({ townships: z.array(z.object({ name: z.string(), count: z.number().int() })) }),
  },
  /** The 管辖单位 the county's entities name, the largest first (the users page picks a user's unit among them). */
  'entities.jurisdictions': {
    input: empty,
    output: z.object({ jurisdictions: z.array(z.object({ name: z.string(), count: z.number().int() })) }),
  },
} as const satisfies ContractTable;
