/**
 * A market entity named by its code where the code must point at a real entity: a 回避 relation and
 * a 手工排除 line. The code is checked with shared/identifiers first (a malformed code is refused with
 * the reason); a well-formed code that names no entity in the database is refused too, with the check
 * character warnings as the likely cause. Finding the entity is the caller's (a database or a search).
 */
import { checkIdentifier } from '../../identifiers/index.ts';

export interface KnownEntity {
  code: string;
  name: string;
}

export type EntityCodeCheck =
  | { ok: true; code: string; entity: KnownEntity; warnings: string[] }
  | { ok: false; code: string; message: string };

/** The normalised code and the reason it is unusable, or null when it is well-formed (maybe unknown). */
export function entityCodeFormat(raw: string): { code: string; error: string | null; warnings: string[] } {
  const c = checkIdentifier(raw, { context: 'entity' });
  const shown = raw.trim();
  return {
    code: c.normalized,
    error: c.errors.length ? `主体代码「${shown}」无效：${c.errors.join('；')}` : null,
    warnings: c.warnings,
  };
}

export function checkEntityCode(
  raw: string,
  find: (normalizedCode: string) => KnownEntity | null,
): EntityCodeCheck {
  const f = entityCodeFormat(raw);
  if (f.error) return { ok: false, code: f.code, message: f.error };
  const entity = find(f.code);
  if (entity) return { ok: true, code: f.code, entity, warnings: f.warnings };
  const hint = f.warnings.length ? `（${f.warnings.join('；')}）` : '';
  return {
    ok: false,
    code: f.code,
    message: `主体库中没有代码为 ${f.code} 的主体${hint}，请核对代码，或按名称搜索选择主体`,
  };
}
