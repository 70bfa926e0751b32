/**
 * A market entity named by its code where the code must point at a real entity: a 回避 relation and
 * a 手工排除 line. The code is checked with shared/identifiers first (a malformed code is refused with
 * the reason); a well-formed code that names no entity in the database is refused too, with the check
 * character warnings as the likely cause. Finding the entity is the caller's (a database or a search).
 */
import { checkIdentifier, usccCheckChar } from '../../identifiers/index.ts';

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

/**
 * Why a well-formed code may name no entity, for the refusal: a failing check character says the code
 * was probably mistyped (the identifier check's own warning also allows for legal pilot-era codes,
 * which would be in the database if they were real); other warnings are passed on as they are.
 */
export function unknownCodeHint(code: string): string {
  const c = checkIdentifier(code, { context: 'entity' });
  const notes: string[] = [];
  if (c.checks.checkChar === false)
    notes.push(`校验位应为 ${usccCheckChar(code.slice(0, 17))}，实际为 ${code[17]}，代码可能录入有误`);
  else if (c.checks.orgCode === false || c.checks.mod1110 === false)
    notes.push('校验位不符，代码可能录入有误');
  else notes.push(...c.warnings);
  return notes.length ? `（${notes.join('；')}）` : '';
}

export function checkEntityCode(
  raw: string,
  find: (normalizedCode: string) => KnownEntity | null,
): EntityCodeCheck {
  const f = entityCodeFormat(raw);
  if (f.error) return { ok: false, code: f.code, message: f.error };
  const entity = find(f.code);
  if (entity) return { ok: true, code: f.code, entity, warnings: f.warnings };
  return {
    ok: false,
    code: f.code,
    message: `主体库中没有代码为 ${f.code} 的主体${unknownCodeHint(f.code)}，请核对代码，或按名称搜索选择主体`,
  };
}
