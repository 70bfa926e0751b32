/**
 * What a 回避 relation must point at before it is stored from the screen or an imported file: an
 * inspector of the pool and an entity of the database, the latter named by a well-formed code
 * (shared/sampling/reference/entity-code-check.ts gives the reasons). A relation to a mistyped code
 * would protect nobody while looking as if it did.
 */
import type { Conflict } from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { checkEntityCode, type KnownEntity } from '../../../shared/sampling/reference/entity-code-check.ts';
import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { type ReferenceCounts, upsertConflicts } from './reference-store.ts';
import { inspectorExists } from './repository/inspectors.ts';
import { entityByCode } from './repository/pool.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { refuseStaleConflict } from './stale-reference.ts';

/** The entity whose USCC or 注册号 is `code` (normalised), or null. */
export function findEntityByCode(db: DataDoor, code: string): KnownEntity | null {
  return entityByCode(db, code) ?? null;
}

export type ConflictCheck =
  | { ok: true; employeeNo: string; entityCode: string; entityName: string }
  | { ok: false; field: 'employeeNo' | 'entityCode'; message: string };

export function checkConflict(db: DataDoor, employeeNo: string, entityCode: string): ConflictCheck {
  const no = employeeNo.trim();
  if (!inspectorExists(db, no))
    return {
      ok: false,
      field: 'employeeNo',
      message: `检查人员库中没有单位工号为 ${no} 的人员，请先添加该检查人员`,
    };
  const e = checkEntityCode(entityCode, (c) => findEntityByCode(db, c));
  if (!e.ok) return { ok: false, field: 'entityCode', message: e.message };
  return { ok: true, employeeNo: no, entityCode: e.code, entityName: e.entity.name };
}

/**
 * One relation from the screen: refused with the reason unless both ends exist. `expectedVersion`: the
 * version of the relation the list showed (0: not listed); a save over another officer's newer save of
 * the same pair is refused and changes nothing. Left out: no check.
 */
export function saveConflict(
  db: DataDoor,
  actor: Actor,
  { expectedVersion, ...input }: Conflict & { expectedVersion?: number | undefined },
  at: string,
): ReferenceCounts {
  authorize(actor, 'sampling.manage');
  const c = checkConflict(db, input.employeeNo, input.entityCode);
  if (!c.ok) throw new ApiError('invalid_input', c.message);
  return unitOfWork(db, () => {
    refuseStaleConflict(db, c, expectedVersion);
    return upsertConflicts(db, actor, [{ ...input, employeeNo: c.employeeNo, entityCode: c.entityCode }], at);
  });
}
