/**
 * 信用修复申请 and 异议 received elsewhere (the national repair platform's list) through the import
 * pipeline: preview writes nothing, a row whose entity or record is unknown or whose record needs no
 * repair is an error row saying why, a re-import of the same list changes nothing, and undo removes the
 * batch's cases unless one of them is already being worked on. Then the granted repairs export. On both
 * engines (issue 17): the bureau server imports these lists too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_COUNTY } from '../../shared/demo/index.ts';
import { type DataDoor, all, get, runInsert, sql, value } from '../../electron/db/sql.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { runExport } from '../../electron/services/exchange/export/run-export.ts';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import { stepRepair } from '../../electron/services/repair/applications.ts';
import { stepObjection } from '../../electron/services/repair/objections.ts';
import { insertAttachment } from '../../electron/services/repair/repository.ts';
import { setCounty } from '../../electron/services/settings/county.ts';
import { type FreshDb, forEachEngine } from '../helpers/engines.ts';
import { tempDir } from '../helpers/tmp.ts';
import { writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const TODAY = '2026-11-01';
const USCC = '91330100716105852F';
const HEAVY = '示市监罚〔2025〕8号';
const WARNING = '示市监罚〔2025〕9号';

interface Fixture {
  db: DataDoor;
  actor: Actor;
  dir: string;
  close(): void;
}

function openFixture(fresh: () => FreshDb): Fixture {
  const { db } = fresh();
  setCounty(db, DEMO_COUNTY);
  const t = tempDir();
  return {
    db,
    actor: { username: 'admin', displayName: '管理员', role: 'admin' },
    dir: t.dir,
    close: t.cleanup,
  };
}

/** An entity with a heavy fine (repairable) and a warning-only penalty (never published: nothing to repair). */
function seed(f: Fixture): { heavyId: number; warningId: number } {
  const entityId = runInsert(
    f.db,
    sql`INSERT INTO entities (uscc, name, kind, status, established_on, created_at, updated_at)
        VALUES (${USCC}, '示范县清风食品有限公司', 'enterprise', 'active', '2015-03-02', ${AT}, ${AT})`,
  ).newId;
  const penalty = (no: string, data: object) =>
    runInsert(
      f.db,
      sql`INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
          VALUES (${entityId}, 'penalty', '2025-08-31', ${`penalty:${no}`}, ${JSON.stringify({ decisionNo: no, ...data })}, ${AT})`,
    ).newId;
  return {
    heavyId: penalty(HEAVY, { penaltyKinds: ['罚款'], fine: 200000, violationType: '虚假宣传' }),
    warningId: penalty(WARNING, { penaltyKinds: ['警告'], violationType: '未按规定公示' }),
  };
}

const REPAIR_HEADER = [
  '申请编号',
  '统一社会信用代码',
  '企业名称',
  '处罚决定书文号',
  '申请人',
  '联系电话',
  '申请日期',
  '申请事由',
  '渠道',
];
const OBJECTION_HEADER = [
  '异议编号',
  '统一社会信用代码',
  '企业名称',
  '记录类型',
  '记录日期',
  '异议人',
  '联系电话',
  '收到日期',
  '异议理由',
  '渠道',
];

function file(f: Fixture, name: string, rows: unknown[][]) {
  return { path: writeSheet(join(f.dir, name), rows), fileName: name };
}

const count = (f: Fixture, table: string) =>
  Number(value<number>(f.db, sql`SELECT count(*) FROM ${sql.raw(table)}`));

forEachEngine('import of repair applications and objections', (fresh) => {
  let f: Fixture;
  let ids: { heavyId: number; warningId: number };
  beforeEach(() => {
    f = openFixture(fresh);
    ids = seed(f);
  });
  afterEach(() => f.close());

  it('repairs: previews, commits, re-imports unchanged, and undoes', () => {
    const src = file(f, 'repairs.xlsx', [
      REPAIR_HEADER,
      [
        'XF2026-0001',
        USCC,
        '示范县清风食品有限公司',
        HEAVY,
        '李清风',
        '13800000000',
        '2026-10-20',
        '已整改',
        '',
      ],
      ['XF2026-0002', USCC, '示范县清风食品有限公司', WARNING, '李清风', '', '2026-10-20', '已整改', ''],
      ['XF2026-0003', '92330102MA2GXXXX1X', '不存在公司', HEAVY, '王五', '', '2026-10-20', '已整改', ''],
      [
        'XF2026-0004',
        USCC,
        '示范县清风食品有限公司',
        '示市监罚〔2025〕99号',
        '李清风',
        '',
        '2026-10-20',
        '已整改',
        '',
      ],
    ]);
    const preview = previewImport(f.db, f.actor, { file: src, kind: 'repairs' }, AT);
    expect(preview.counts).toMatchObject({ rows: 4, inserted: 1, errors: 3 });
    expect(count(f, 'repair_applications')).toBe(0);
    const messages = preview.issues.filter((i) => i.severity === 'error').map((i) => i.message);
    expect(messages.some((m) => /无需信用修复/.test(m))).toBe(true);
    expect(messages.some((m) => /库中没有代码为/.test(m))).toBe(true);
    expect(messages.some((m) => /没有决定书文号为/.test(m))).toBe(true);

    const first = commitImport(f.db, f.actor, { file: src, kind: 'repairs' }, AT);
    expect(first.counts).toEqual(preview.counts);
    const stored = all<Record<string, unknown>>(f.db, sql`SELECT * FROM repair_applications`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      record_id: ids.heavyId,
      state: 'applied',
      applicant: '李清风',
      channel: '全国信用修复平台',
      external_ref: 'XF2026-0001',
      batch_id: first.batchId,
    });

    const again = commitImport(f.db, f.actor, { file: src, kind: 'repairs' }, AT);
    expect(again.counts).toMatchObject({ inserted: 0, unchanged: 1, errors: 3 });
    expect(count(f, 'repair_applications')).toBe(1);

    const undone = undoBatch(f.db, f.actor, first.batchId!, AT);
    expect(undone.deleted).toBe(1);
    expect(count(f, 'repair_applications')).toBe(0);
    expect(count(f, 'case_steps')).toBe(0);
  });

  it('objections: a record by type and date; undo refuses once a case has moved on', () => {
    const src = file(f, 'objections.xlsx', [
      OBJECTION_HEADER,
      [
        'YY-01',
        USCC,
        '示范县清风食品有限公司',
        '行政处罚',
        '2025-08-31',
        '李清风',
        '',
        '2026-10-28',
        '罚款金额有误',
        '信用中国',
      ],
      [
        'YY-02',
        USCC,
        '示范县清风食品有限公司',
        '经营异常名录',
        '2025-01-01',
        '李清风',
        '',
        '2026-10-28',
        '未被列入',
        '窗口',
      ],
    ]);
    const preview = previewImport(f.db, f.actor, { file: src, kind: 'objections' }, AT);
    // Two penalties of that day: which one is meant cannot be said, so both rows are errors.
    expect(preview.counts).toMatchObject({ rows: 2, inserted: 0, errors: 2 });
    expect(preview.issues.map((i) => i.message).join('\n')).toMatch(/有 2 条.*无法确定/);

    const byNo = file(f, 'objections2.xlsx', [
      ['异议编号', '统一社会信用代码', '处罚决定书文号', '异议人', '收到日期', '异议理由', '渠道'],
      ['YY-03', USCC, HEAVY, '李清风', '2026-10-28', '罚款金额有误', '信用中国'],
    ]);
    const batch = commitImport(f.db, f.actor, { file: byNo, kind: 'objections' }, AT);
    expect(batch.counts).toMatchObject({ inserted: 1, errors: 0 });
    const row = get<Record<string, unknown>>(f.db, sql`SELECT * FROM objections`)!;
    expect(row).toMatchObject({ record_id: ids.heavyId, channel: 'credit_china', state: 'received' });
    const again = commitImport(f.db, f.actor, { file: byNo, kind: 'objections' }, AT);
    expect(again.counts).toMatchObject({ inserted: 0, unchanged: 1 });

    stepObjection(f.db, f.actor, { id: row.id as number, step: 'accept', onDate: TODAY }, AT, TODAY);
    expect(() => undoBatch(f.db, f.actor, batch.batchId!, AT)).toThrow(/第 \d+ 号.*YY-03.*已开始办理/);
    expect(count(f, 'objections')).toBe(1);
  });
});

forEachEngine('export of granted repairs', (fresh) => {
  let f: Fixture;
  beforeEach(() => {
    f = openFixture(fresh);
    seed(f);
  });
  afterEach(() => f.close());

  it('lists a granted and executed repair with its decision', () => {
    const src = file(f, 'repairs.xlsx', [
      REPAIR_HEADER,
      ['XF2026-0001', USCC, '示范县清风食品有限公司', HEAVY, '李清风', '', '2026-10-20', '已整改', '窗口'],
    ]);
    commitImport(f.db, f.actor, { file: src, kind: 'repairs' }, AT);
    const id = value<number>(f.db, sql`SELECT id FROM repair_applications`)!;
    for (const kind of ['application', 'commitment'] as const) {
      insertAttachment(f.db, {
        caseKind: 'repair',
        caseId: id,
        kind,
        fileName: `${kind}.pdf`,
        size: 3,
        sha256: '0'.repeat(64),
        content: new Uint8Array([1, 2, 3]),
        addedAt: AT,
        addedBy: 'admin',
      });
    }
    const step = (input: Parameters<typeof stepRepair>[2]) => stepRepair(f.db, f.actor, input, AT, TODAY);
    step({ id, step: 'accept', onDate: '2026-10-21' });
    const detail = step({ id, step: 'verify', onDate: '2026-10-22', verifyMethod: 'written' });
    step({
      id,
      step: 'grant',
      onDate: '2026-10-23',
      decisionNo: '示市监信修〔2026〕1号',
      checklist: detail.checklist.map((c) => ({ ...c, met: true })),
    });
    step({ id, step: 'execute', onDate: '2026-10-26' });

    const out = join(f.dir, 'repairs-out.xlsx');
    const r = runExport(
      f.db,
      f.actor,
      { kind: 'repair_results', from: '2026-10-01', to: '2026-10-31' },
      out,
      {
        at: AT,
      },
    );
    expect(r.rows).toBe(1);
    const ws = XLSX.read(readFileSync(out)).Sheets.信用修复结果!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1 });
    expect(String(rows[0]?.[0])).toMatch(/^内部资料/);
    expect(rows[1]).toEqual([
      '序号',
      '统一社会信用代码',
      '名称',
      '修复事项',
      '决定书文号',
      '决定日期',
      '执行日期',
    ]);
    expect(rows[2]).toEqual([
      1,
      USCC,
      '示范县清风食品有限公司',
      expect.stringMatching(/^提前停止公示行政处罚信息：行政处罚 2025-08-31 .*示市监罚〔2025〕8号/),
      '示市监信修〔2026〕1号',
      '2026-10-23',
      '2026-10-26',
    ]);

    const none = runExport(
      f.db,
      f.actor,
      { kind: 'repair_results', from: '2026-11-01', to: '2026-11-30' },
      join(f.dir, 'empty.xlsx'),
      { at: AT },
    );
    expect(none.rows).toBe(0);
  });
});
