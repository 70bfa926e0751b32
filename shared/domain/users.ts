import { z } from 'zod';

export const ROLES = ['admin', 'supervisor', 'officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  supervisor: '科室负责人',
  officer: '执法人员',
  viewer: '只读',
};

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{2,32}$/, '用户名为 2–32 位字母、数字、下划线、点或连字符');

/** Long enough to resist offline guessing against a stolen key file; no composition rules. */
export const passwordSchema = z.string().min(8, '密码至少 8 位').max(256, '密码过长');

export const userInfoSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type UserInfo = z.infer<typeof userInfoSchema>;
