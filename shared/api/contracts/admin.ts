/**
 * Administration (issue 6): users and roles, the audit log and its verification, the idle lock.
 * Backups have their own file (backup.ts).
 */
import { z } from 'zod';
import { passwordSchema, roleSchema, usernameSchema } from '../../domain/users.ts';
import { downloadSchema } from './exchange.ts';
import type { ContractTable } from './table.ts';

const empty = z.object({}).strict();
const displayNameSchema = z.string().trim().min(1, '请填写姓名').max(40, '姓名过长');

export const userListItemSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  /** false: the key file has no wrapped key for this user (they cannot log in). */
  hasKey: z.boolean(),
  /** Consecutive failed logins (from the failed-login file; 0 when none). */
  failures: z.number().int(),
  /** ISO time until which logins are refused, or null. */
  lockedUntil: z.string().nullable(),
});
export type UserListItem = z.infer<typeof userListItemSchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  /** The actor's name shown (the username when the user no longer exists). */
  actorName: z.string(),
  /** The action, the object acted on and what happened, in plain Chinese (shared/audit/describe.ts). */
  actionLabel: z.string(),
  object: z.string(),
  summary: z.string(),
  /** Failures and signs of tampering, highlighted in the list. */
  warning: z.boolean(),
});
export type AuditEntryRow = z.infer<typeof auditEntrySchema>;

export const auditVerifySchema = z.object({
  intact: z.boolean(),
  entries: z.number().int(),
  firstBroken: z
    .object({
      id: z.number().int(),
      reason: z.enum([
        'hash_mismatch',
        'chain_broken',
        'id_gap',
        'truncated',
        'head_missing',
        'anchor_shorter',
        'anchor_different',
      ]),
      message: z.string(),
    })
    .nullable(),
  /** Hash of the last entry; written down outside the database, it anchors the log. */
  headHash: z.string(),
  /** The log checked against the anchors kept outside the database (docs/security.md). */
  anchors: z
    .object({
      checked: z.number().int(),
      file: z.enum(['ok', 'missing', 'damaged', 'recreated']),
      problems: z.array(
        z.object({
          id: z.number().int(),
          hash: z.string(),
          source: z.string(),
          kind: z.enum(['shorter', 'different']),
          message: z.string(),
        }),
      ),
      superseded: z.number().int(),
      notes: z.array(z.string()),
    })
    .optional(),
});
export type AuditVerifyOutput = z.infer<typeof auditVerifySchema>;

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日')
  .or(z.literal(''));

/** Which entries: by user, action-code prefix and a range of local calendar days (inclusive); '' = any. */
export const auditFilterSchema = z
  .object({
    actor: z.string().trim().max(64).default(''),
    action: z.string().trim().max(64).default(''),
    from: localDate.default(''),
    to: localDate.default(''),
  })
  .strict();
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** Idle lock: 10 s (for trials) to 8 hours; the default is 15 minutes. */
export const DEFAULT_IDLE_LOCK_SECONDS = 15 * 60;
export const idleLockSecondsSchema = z
  .number()
  .int()
  .min(10, '空闲锁定时间不能短于 10 秒')
  .max(8 * 3600, '空闲锁定时间不能超过 8 小时');

export const adminContract = {
  /** Every active user with their lockout state. 管理员 only. */
  'users.list': { input: empty, output: z.object({ users: z.array(userListItemSchema) }) },
  /** Adds a user (or re-activates a removed name) and wraps the data key for their password. 管理员 only. */
  'users.add': {
    input: z
      .object({
        username: usernameSchema,
        displayName: displayNameSchema,
        role: roleSchema,
        password: passwordSchema,
      })
      .strict(),
    output: userListItemSchema,
  },
  /** Changes another user's name shown or role. Never one's own role; never the last 管理员. 管理员 only. */
  'users.update': {
    input: z
      .object({
        username: z.string().trim().min(1).max(64),
        displayName: displayNameSchema.optional(),
        role: roleSchema.optional(),
      })
      .strict(),
    output: userListItemSchema,
  },
  /** Sets a new password for another user (they forgot theirs): re-wraps the data key. 管理员 only. */
  'users.setPassword': {
    input: z.object({ username: z.string().trim().min(1).max(64), password: passwordSchema }).strict(),
    output: empty,
  },
  /** Removes a user: their wrapped key leaves the key file; the name stays in the log. 管理员 only. */
  'users.remove': {
    input: z.object({ username: z.string().trim().min(1).max(64) }).strict(),
    output: empty,
  },
  /** Lifts a lockout after failed logins. 管理员 only. */
  'users.unlock': {
    input: z.object({ username: z.string().trim().min(1).max(64) }).strict(),
    output: z.object({ wasLocked: z.boolean() }),
  },
  /** Any logged-in user changes their own password (the current one is asked again). */
  'users.changeOwnPassword': {
    input: z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema }).strict(),
    output: empty,
  },

  /** A page of the audit log, newest first, optionally filtered. 科室负责人 and 管理员. */
  'audit.list': {
    input: auditFilterSchema
      .extend({
        offset: z.number().int().min(0).max(100_000_000).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({
      total: z.number().int(),
      entries: z.array(auditEntrySchema),
      /** Everyone who has an entry in the log, for the user filter. */
      actors: z.array(z.object({ username: z.string(), displayName: z.string() })),
    }),
  },
  /**
   * The entries matching a filter as an .xlsx (内部资料), fetched with exchange.download; the export is
   * itself audited. 科室负责人 and 管理员.
   */
  'audit.export': { input: auditFilterSchema, output: downloadSchema },
  /** Checks the whole hash chain (a long job: progress in app.progress). 科室负责人 and 管理员. */
  'audit.verify': { input: empty, output: auditVerifySchema },
  /** The log's current last entry (id, hash), to be written down or printed as an anchor. 科室负责人 and 管理员. */
  'audit.head': {
    input: empty,
    output: z.object({
      id: z.number().int(),
      hash: z.string(),
      entries: z.number().int(),
      at: z.string().nullable(),
    }),
  },

  /**
   * Whether the backend is locked (idle or on request) and for whom: the lock screen prefills that
   * user. Also the idle time, so the renderer's own timer matches the backend's. Answered before login.
   */
  'lock.status': {
    input: empty,
    output: z.object({
      locked: z.object({ username: z.string(), displayName: z.string() }).nullable(),
      idleLockSeconds: z.number().int().nullable(),
    }),
  },
  /** Locks now: the session ends and the data key is dropped until a password is entered again. */
  'lock.lock': { input: empty, output: empty },
  /** The renderer saw the user active (mouse, keys) without calling anything: keeps the backend's timer fresh. */
  'lock.touch': { input: empty, output: empty },
  /** Sets the idle time. 管理员 only (settings.manage). */
  'lock.setIdleSeconds': {
    input: z.object({ seconds: idleLockSecondsSchema }).strict(),
    output: z.object({ idleLockSeconds: z.number().int() }),
  },
} as const satisfies ContractTable;
