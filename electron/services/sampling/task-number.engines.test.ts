/** The 文号 proposal on both engines (issue 17). */
import { beforeEach, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/errors.ts';
import { DEMO_COUNTY } from '../../../shared/demo/index.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import type { DataDoor } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { setCounty } from '../settings/county.ts';
import { nextTaskNumber } from './task-number.ts';
import { createTask } from './tasks.ts';

const supervisor: Actor = { username: 'keyuan', displayName: '科员', role: 'supervisor' };
const officer: Actor = { username: 'zhifa', displayName: '执法员', role: 'officer' };
const AT = '2026-11-02T01:00:00.000Z';
const TODAY = '2026-11-02';

forEachEngine('the 文号 offered to a new task', (fresh) => {
  let db: DataDoor;

  beforeEach(() => {
    db = fresh().db;
    setCounty(db, DEMO_COUNTY);
  });

  const create = (number: string) =>
    createTask(
      db,
      supervisor,
      {
        number,
        name: `任务 ${number}`,
        items: ['A07'],
        profileId: 'henan-2021',
        startDate: TODAY,
        endDate: '2026-11-20',
        teamSize: 2,
      },
      AT,
    );

  it('is the county’s first number of the year when no task has one', () => {
    expect(nextTaskNumber(db, supervisor, TODAY)).toBe(`${DEMO_COUNTY.name}市监抽〔2026〕1号`);
  });

  it('skips the numbers taken this year and fills the first gap, whatever last year used', () => {
    create(`${DEMO_COUNTY.name}市监抽〔2026〕1号`);
    create(`${DEMO_COUNTY.name}市监抽〔2026〕2号`);
    create(`${DEMO_COUNTY.name}市监抽〔2026〕4号`);
    create(`${DEMO_COUNTY.name}市监抽〔2025〕3号`);
    expect(nextTaskNumber(db, supervisor, TODAY)).toBe(`${DEMO_COUNTY.name}市监抽〔2026〕3号`);
    expect(nextTaskNumber(db, supervisor, '2027-01-04')).toBe(`${DEMO_COUNTY.name}市监抽〔2027〕1号`);
  });

  it('is offered only to those who may create tasks', () => {
    expect(() => nextTaskNumber(db, officer, TODAY)).toThrow(ApiError);
  });
});
