/**
 * The users area (issue 6): accounts and roles, passwords and lockout, the idle lock. The audit log
 * has its own file (audit.ts), backups theirs (backup.ts).
 */
import { z } from 'zod';
import { passwordSchema, roleSchema, usernameSchema } from '../../domain/users.ts';
import type { ContractTable } from './table.ts';

const empty = z.object({}).strict();
const displayNameSchema = z.string().trim().min(1, '请填写姓名').max(40, '姓名过长');
/**
 * 管辖单位 of a user (a 市场监管所, as the entities' own 管辖单位 column spells it): the user then reads
 * only that unit's entities. null: the whole county. Never set for a 管理员.
 */
const userJurisdictionSchema = z
  .string()
  .trim()
  .min(1, '请填写管辖单位，或选择“全县”')
  .max(60, '管辖单位名称过长')
  .nullable();

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
  /** The user row's version: an edit of the profile names it as `expectedVersion`. */
  version: z.number().int(),
  /** 管辖单位 whose entities alone the user reads; null: the whole county. */
  jurisdiction: z.string().nullable(),
});
export type UserListItem = z.infer<typeof userListItemSchema>;

/** Idle lock: 10 s (for trials) to 8 hours; the default is 15 minutes. */
export const DEFAULT_IDLE_LOCK_SECONDS = 15 * 60;
export const idleLockSecondsSchema = z
  .number()
  .int()
  .min(10, '空闲锁定时间不能短于 10 秒')
  .max(8 * 3600, '空闲锁定时间不能超过 8 小时');

export const usersContract = {
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
        /** Left out or null: the whole county. */
        jurisdiction: userJurisdictionSchema.optional(),
      })
      .strict(),
    output: userListItemSchema,
  },
  /** Changes another user's name shown, role or 管辖单位. Never one's own role; never the last 管理员. 管理员 only. */
  'users.update': {
    input: z
      .object({
        username: z.string().trim().min(1).max(64),
        displayName: displayNameSchema.optional(),
        role: roleSchema.optional(),
        /** 管辖单位: left out keeps it, null clears it (the whole county). */
        jurisdiction: userJurisdictionSchema.optional(),
        /**
         * The version of the user the administrator saw: when another administrator changed the user
         * since, the edit is refused ('conflict') and nothing changes. Left out: no check, as before.
         */
        expectedVersion: z.number().int().positive().optional(),
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
