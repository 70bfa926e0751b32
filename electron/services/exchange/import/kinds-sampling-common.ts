/** Helpers of the import kinds that write the double-random area's reference tables. */
import type { ApplyContext } from './kinds.ts';
import type { Outcome } from '../repository/import-store.ts';

/** A service's input as the row builds it: the stored values, then the row's stated cells over them. */
export type Row = Record<string, unknown>;
type Counts = { inserted: number; updated: number; unchanged: number };

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export function outcomeOf(c: Counts): Outcome {
  return c.inserted > 0 ? 'inserted' : c.updated > 0 ? 'updated' : 'unchanged';
}

/** Validates with the sampling area's schema first, so a bad row is an error of that row, not a throw. */
export function valid(
  ctx: ApplyContext,
  schema: {
    safeParse(v: unknown): {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string }[] };
    };
  },
  input: unknown,
): boolean {
  const r = schema.safeParse(input);
  if (r.success) return true;
  const issue = r.error?.issues[0];
  ctx.issue(
    null,
    'error',
    `内容不完整：${issue ? `${issue.path.join('.')} ${issue.message}`.trim() : '格式有误'}`,
  );
  return false;
}
