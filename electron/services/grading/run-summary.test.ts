import { beforeEach, expect, it } from 'vitest';
import type { Entity, EntityKind } from '../../../shared/domain/entity.ts';
import type { CreditRecord } from '../../../shared/domain/records.ts';
import { usccCheckChar } from '../../../shared/identifiers/checkchars.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { all, type DataDoor, run, sql, unitOfWork, value } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { entityUpserter } from '../entities/repository/entities.ts';
import { recordInserter } from '../entities/repository/records.ts';
import { adjustGrade } from './adjust.ts';
import { onEntitiesDeleted } from './entities-deleted.ts';
import { runGrading } from './run-grading.ts';

const ADMIN: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const BOSS: Actor = { username: 'boss', displayName: '科长', role: 'supervisor' };
const AT = '2026-11-01T08:00:00.000Z';

/** Sections of the codes used here, written out by hand rather than by the mapping under test. */
const SECTION: Record<string, string> = {
  F5212: 'F',
  '5212': 'F',
  '1310': 'C',
  '0111': 'A',
  X99: '',
  '': '',
};
const CODES = Object.keys(SECTION);
const TOWNSHIPS = ['城关镇', '东关街道', null];
const JURISDICTIONS = ['城关所', '东关所', null];
const KINDS: EntityKind[] = ['enterprise', 'individual', 'cooperative'];

const reports: CreditRecord[] = [2023, 2024, 2025].map((year) => ({
  type: 'annual_report',
  date: `${year + 1}-05-01`,
  year,
  onTime: true,
}));
const penalty: CreditRecord = {
  type: 'penalty',
  date: '2026-05-10',
  decisionNo: '示市监罚〔2026〕1号',
  penaltyKinds: ['罚款'],
  fine: 200_000,
};
const serious: CreditRecord = { type: 'serious_violation_list', date: '2026-03-01', reason: '提交虚假材料' };

function entity(i: number): Entity {
  const body = `91410422MA${String(i).padStart(7, '0')}`;
  return {
    uscc: body + usccCheckChar(body),
    regNo: null,
    name: `示范县第${i}商贸有限公司`,
    kind: KINDS[Math.floor(i / 9) % KINDS.length] as EntityKind,
    legalRep: null,
    regionCode: null,
    township: TOWNSHIPS[i % TOWNSHIPS.length] ?? null,
    jurisdiction: JURISDICTIONS[Math.floor(i / 3) % JURISDICTIONS.length] ?? null,
    industryCode: CODES[i % CODES.length] || null,
    industryName: null,
    address: null,
    establishedOn: '2015-01-01',
    status: i % 11 === 0 ? 'cancelled' : 'active',
    capitalAmount: null,
    capitalUnit: null,
    capitalCurrency: null,
    phone: null,
    tags: [],
  };
}

type Cells = Record<string, number>;

/** The summary of a run as `township|jurisdiction|section|kind|grade → entities`. */
function summaryOf(db: DataDoor, runId: number): Cells {
  const rows = all<{
    township: string;
    jurisdiction: string;
    section: string;
    kind: string;
    grade: string;
    entities: number;
  }>(
    db,
    sql`SELECT township, jurisdiction, section, kind, grade, entities FROM grading_run_summary
        WHERE run_id = ${runId}`,
  );
  return Object.fromEntries(
    rows.map((r) => [[r.township, r.jurisdiction, r.section, r.kind, r.grade].join('|'), r.entities]),
  );
}

/** The same counted from the results one by one: grade in force = latest adjustment, else computed. */
function countedFromResults(db: DataDoor, runId: number): Cells {
  const rows = all<{
    township: string | null;
    jurisdiction: string | null;
    code: string | null;
    kind: string;
    grade: string;
    adjusted: string | null;
  }>(
    db,
    sql`SELECT e.township, e.jurisdiction, e.industry_code AS code, e.kind, r.grade,
               (SELECT to_grade FROM grading_adjustments a WHERE a.run_id = r.run_id AND a.entity_id = r.entity_id
                ORDER BY a.id DESC LIMIT 1) AS adjusted
        FROM grading_results r JOIN entities e ON e.id = r.entity_id WHERE r.run_id = ${runId}`,
  );
  const cells: Cells = {};
  for (const r of rows) {
    const key = [
      r.township ?? '',
      r.jurisdiction ?? '',
      SECTION[r.code ?? ''],
      r.kind,
      r.adjusted ?? r.grade,
    ].join('|');
    cells[key] = (cells[key] ?? 0) + 1;
  }
  return cells;
}

forEachEngine('the per-run class summary the analysis views read', (fresh) => {
  let db: DataDoor;
  const ids: number[] = [];

  beforeEach(() => {
    db = fresh().db;
    const upserter = entityUpserter(db);
    const inserter = recordInserter(db);
    const ctx = { batchId: null, source: 'test', at: AT };
    ids.length = 0;
    unitOfWork(db, () => {
      for (let i = 1; i <= 60; i++) {
        const records = i % 5 === 0 ? [...reports, serious] : i % 3 === 0 ? [...reports, penalty] : reports;
        const { id } = upserter.upsert(entity(i), null, AT);
        for (const r of records) inserter.insert(id, r, ctx);
        ids.push(id);
      }
    });
  });

  const grade = (runId: number, entityId: number) =>
    value<string>(
      db,
      sql`SELECT grade FROM grading_results WHERE run_id = ${runId} AND entity_id = ${entityId}`,
    ) as string;
  const adjust = (entityId: number, toGrade: string) =>
    adjustGrade(db, BOSS, { entityId, modelId: 'samr-risk', toGrade, reason: '现场核查已整改到位' }, AT);

  it('equals a count over the results after a run, after adjustments, and in the next run that carries them', () => {
    const first = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' }, AT);
    const counted = countedFromResults(db, first.id);
    // The fixture spreads entities over many cells and more than one class, so the comparison means something.
    expect(Object.keys(counted).length).toBeGreaterThan(15);
    expect(new Set(Object.keys(counted).map((k) => k.split('|')[4])).size).toBeGreaterThan(1);
    expect(summaryOf(db, first.id)).toEqual(counted);

    // Two entities adjusted, one of them twice and then back to its computed class.
    const [a, b] = [ids[4]!, ids[2]!];
    const computedA = grade(first.id, a);
    adjust(a, computedA === 'A' ? 'B' : 'A');
    adjust(b, grade(first.id, b) === 'D' ? 'C' : 'D');
    adjust(a, 'C' === computedA ? 'D' : 'C');
    expect(summaryOf(db, first.id)).toEqual(countedFromResults(db, first.id));
    expect(summaryOf(db, first.id)).not.toEqual(counted);
    adjust(a, computedA);
    expect(summaryOf(db, first.id)).toEqual(countedFromResults(db, first.id));
    expect(Object.values(summaryOf(db, first.id)).every((n) => n > 0)).toBe(true);

    const second = runGrading(
      db,
      ADMIN,
      { modelId: 'samr-risk', modelVersion: null, asOf: '2026-11-30' },
      AT,
    );
    expect(summaryOf(db, second.id)).toEqual(countedFromResults(db, second.id));
    // The first run's summary is its own and stays as it was.
    expect(summaryOf(db, first.id)).toEqual(countedFromResults(db, first.id));
  });

  it('is counted again for the runs that graded entities deleted later (an import undone)', () => {
    const first = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' }, AT);
    adjust(ids[2]!, grade(first.id, ids[2]!) === 'D' ? 'C' : 'D');
    const before = summaryOf(db, first.id);
    run(db, sql`DELETE FROM entities WHERE id IN (${ids[1]!}, ${ids[2]!})`);
    onEntitiesDeleted(db);
    const after = summaryOf(db, first.id);
    expect(after).toEqual(countedFromResults(db, first.id));
    const total = (c: Cells) => Object.values(c).reduce((a, n) => a + n, 0);
    expect(total(after)).toBe(total(before) - 2);
  });

  it('is written in the transaction of the run: a failed run leaves no summary', () => {
    const job = {
      progress() {},
      checkCancelled() {
        throw new Error('cancelled');
      },
    };
    expect(() =>
      runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' }, AT, job),
    ).toThrow(/cancelled/);
    expect(value(db, sql`SELECT count(*) FROM grading_run_summary`)).toBe(0);
  });
});
