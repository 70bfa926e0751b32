/**
 * A demonstration inspector pool, so a fresh demo county can draw a plan at once: twelve officers of
 * three 市场监管所 with certificates, one with an expired certificate, one inactive, one expert, two
 * with a professional qualification, and two conflicts (回避) with real entities of the pool.
 * Names and numbers are invented; ID numbers are left empty.
 */
import { localIsoDate } from '../../../shared/dates/iso-date.ts';
import type { InspectorInput } from '../../../shared/api/contracts/sampling.ts';
import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { upsertConflicts, upsertInspectors } from './reference-store.ts';
import { inspectorCount } from './repository/inspectors.ts';
import { firstActiveEntityCodes } from './repository/pool.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['建国', '晓燕', '志强', '丽娟', '海涛', '静', '伟', '红梅', '军', '婷', '磊', '芳'];
const UNITS = ['城关市场监管所', '东风市场监管所', '执法稽查大队'];

export function demoInspectors(today: string): InspectorInput[] {
  const year = Number(today.slice(0, 4));
  return SURNAMES.map((s, i) => ({
    employeeNo: `JC${String(i + 1).padStart(3, '0')}`,
    name: `${s}${GIVEN[i]}`,
    gender: i % 3 === 1 ? '女' : '男',
    idNumber: null,
    phone: `1390000${String(1000 + i)}`,
    unit: UNITS[i % UNITS.length] ?? null,
    region: null,
    postCategory: '工商行政管理类',
    qualifications: i === 2 || i === 5 ? ['药品检查员'] : [],
    itemScope: ['A07', 'A08', 'A09'],
    expert: i === 11,
    certNo: `豫执${year - 2}${String(10000 + i)}`,
    certExpiry: i === 9 ? `${year - 1}-06-30` : `${year + 3}-12-31`,
    status: i === 10 ? 'inactive' : 'active',
  }));
}

/** Adds the pool when no inspector exists yet; returns the number of inspectors added. */
export function seedDemoPool(db: DataDoor, actor: Actor, at: string): number {
  authorize(actor, 'sampling.manage');
  if (inspectorCount(db) > 0) return 0;
  const counts = upsertInspectors(db, actor, demoInspectors(localIsoDate(at)), at);
  const entities = firstActiveEntityCodes(db, 2);
  if (entities.length === 2)
    upsertConflicts(
      db,
      actor,
      [
        { employeeNo: 'JC001', entityCode: entities[0], reason: '近亲属任该企业法定代表人' },
        { employeeNo: 'JC002', entityCode: entities[1], reason: '曾在该企业任职' },
      ],
      at,
    );
  return counts.inserted;
}
