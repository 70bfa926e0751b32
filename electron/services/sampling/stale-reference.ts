/**
 * A save from the item, 回避, ratio-profile or calendar form over a newer save by another officer is
 * refused (issue 17 item 3), as the inspector form's is (stale-inspector.ts). Each check locks the row on
 * PostgreSQL (keyedVersion) and must run in the save's own unit of work, before the write.
 */
import { ENTITY_KIND_LABELS, ENTITY_KINDS } from '../../../shared/domain/entity.ts';
import type { DataDoor } from '../../db/sql.ts';
import { entryOfActionAt } from '../audit/repository.ts';
import { refuseStaleEdit } from '../row-version/stale-edit.ts';
import { conflictsWithNames } from './repository/inspectors.ts';
import { keyedVersion, type StoredVersion } from './repository/keyed-upsert.ts';
import { findProfile, readCalendar, readItems } from './repository/reference.ts';

/** Who saved the row: the audit entry of `action` made at the row's updated_at (the save stamps both). */
const savedBy = (db: DataDoor, action: string, stored: StoredVersion | undefined) => () =>
  stored?.updatedAt ? entryOfActionAt(db, action, stored.updatedAt) : null;

const joined = (parts: readonly (string | null | false | undefined)[]) => parts.filter(Boolean).join('；');

export function refuseStaleItem(db: DataDoor, code: string, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined) return;
  const stored = keyedVersion(db, 'inspection_items', { code }, true);
  refuseStaleEdit(db, {
    what: `抽查事项“${code}”`,
    expected: expectedVersion,
    current: stored?.version ?? null,
    last: savedBy(db, 'sampling.items.upsert', stored),
    values: () => {
      const i = readItems(db).find((r) => r.code === code);
      if (!i) return '';
      return joined([
        `名称：${i.name}`,
        i.method && `抽查方式：${i.method}`,
        i.ratioText && `抽查比例：${i.ratioText}`,
        `检查人员要求：${i.qualification ? `需${i.qualification}` : '无需专业岗位资格'}`,
      ]);
    },
  });
}

export function refuseStaleConflict(
  db: DataDoor,
  key: { employeeNo: string; entityCode: string; entityName: string },
  expectedVersion: number | undefined,
): void {
  if (expectedVersion === undefined) return;
  const { employeeNo, entityCode, entityName } = key;
  const stored = keyedVersion(
    db,
    'inspector_conflicts',
    { employee_no: employeeNo, entity_code: entityCode },
    true,
  );
  refuseStaleEdit(db, {
    what: `检查人员“${employeeNo}”与“${entityName}”的回避关系`,
    expected: expectedVersion,
    current: stored?.version ?? null,
    last: savedBy(db, 'sampling.conflicts.upsert', stored),
    values: () => {
      const c = conflictsWithNames(db).find(
        (r) => r.employeeNo === employeeNo && r.entityCode === entityCode,
      );
      return c ? `理由：${c.reason ?? '未填写'}` : '';
    },
  });
}

export function refuseStaleProfile(db: DataDoor, id: string, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined) return;
  const stored = keyedVersion(db, 'ratio_profiles', { id }, true);
  refuseStaleEdit(db, {
    what: `抽查比例方案“${id}”`,
    expected: expectedVersion,
    current: stored?.version ?? null,
    last: savedBy(db, 'sampling.profiles.upsert', stored),
    values: () => {
      const p = findProfile(db, id);
      if (!p) return '';
      const classes = [...p.classOrder, 'unclassified'];
      const ratios = ENTITY_KINDS.filter((k) => p.ratios[k]).map(
        (k) =>
          `${ENTITY_KIND_LABELS[k]} ${classes
            .map((c) => `${c === 'unclassified' ? '未分类' : c} ${(p.ratios[k]?.[c] ?? 0) / 100}%`)
            .join('、')}`,
      );
      return joined([`名称：${p.name}`, ...ratios]);
    },
  });
}

/**
 * The calendar keeps no updated_at: who saved a day is not on the row, so the message says 他人 rather
 * than guess from the audit log (a calendar save's entry does not name its dates).
 */
export function refuseStaleCalendarDay(
  db: DataDoor,
  date: string,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion === undefined) return;
  const stored = keyedVersion(db, 'calendar_days', { date }, false);
  refuseStaleEdit(db, {
    what: `工作日历中 ${date} 的设置`,
    expected: expectedVersion,
    current: stored?.version ?? null,
    last: () => null,
    values: () => {
      const d = readCalendar(db, Number(date.slice(0, 4))).find((r) => r.date === date);
      return d ? joined([d.kind === 'holiday' ? '放假' : '调休上班', d.name && `名称：${d.name}`]) : '';
    },
  });
}
