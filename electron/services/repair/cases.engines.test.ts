/**
 * 异议与修复 at the service level on both engines (issue 17): a penalty taken from application to grant
 * re-grades at once and a revocation restores the record and the grade; an objection marks its record
 * 异议中 while open, 更正 corrects it, 撤销 withdraws it and a revocation puts it back under its own id;
 * the lists search by name and person and count by tab; documents read the county; every step is audited.
 * The desk's own path (uploads through the exchange, the Word copy) is in test/integration/repair-objections.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  objectionCreateSchema,
  objectionStepSchema,
  repairCreateSchema,
  repairStepSchema,
} from '../../../shared/api/contracts/repair.ts';
import { DEMO_COUNTY } from '../../../shared/demo/index.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { storeSamplingCounty } from '../../../test/helpers/sampling-county.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { column, type DataDoor, runInsert, sql, value } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { gradingOfEntity } from '../grading/reads.ts';
import { runGrading } from '../grading/run-grading.ts';
import { createRepair, getRepair, listRepairApplications, stepRepair } from './applications.ts';
import { attachmentContent, attachToCase } from './attachments.ts';
import { caseDocument, repairNoticeFor } from './case-documents.ts';
import { eligibilityForEntity } from './eligibility.ts';
import { createObjection, listObjectionCases, stepObjection } from './objections.ts';
import { caseOverview } from './overview.ts';

const ADMIN: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const OFFICER: Actor = { username: 'li', displayName: '李四', role: 'officer' };
const AT = '2026-01-01T00:00:00Z';
const DECISION = '示市监罚〔2025〕8号';

/** An enterprise established long ago whose only blemish is one heavy fine, published 2025-08-31. */
function seedEntity(db: DataDoor, name = '示范县清风食品有限公司', uscc = '91410422MA9XYZ0017') {
  const entityId = runInsert(
    db,
    sql`INSERT INTO entities (uscc, name, kind, status, established_on, created_at, updated_at)
        VALUES (${uscc}, ${name}, 'enterprise', 'active', '2015-03-02', ${AT}, ${AT})`,
  ).newId;
  const data = { decisionNo: DECISION, penaltyKinds: ['罚款'], fine: 200000, violationType: '虚假宣传' };
  const penaltyId = runInsert(
    db,
    sql`INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
        VALUES (${entityId}, 'penalty', '2025-08-31', ${`penalty:${DECISION}`}, ${JSON.stringify(data)}, ${AT})`,
  ).newId;
  return { entityId, penaltyId };
}

const recordData = (db: DataDoor, id: number) => {
  const text = value<string>(db, sql`SELECT data FROM records WHERE id = ${id}`);
  return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
};

const grade = (db: DataDoor, entityId: number) =>
  gradingOfEntity(db, ADMIN, entityId).current.find((c) => c.modelId === 'samr-risk')?.grade;

const gradeAll = (db: DataDoor, asOf: string) =>
  runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf }, AT);

forEachEngine('credit repair and objections (services)', (fresh) => {
  let db: DataDoor;
  let files: { dir: string; cleanup: () => void };
  beforeEach(() => {
    db = fresh().db;
    // The grade is relative to the county's other entities: twenty demo ones around the seeded one.
    storeSamplingCounty(db, { entities: 20, seed: 'repair', at: AT });
    files = tempDir();
  });
  afterEach(() => files.cleanup());

  const attach = (caseKind: 'repair' | 'objection', caseId: number, kind: 'application' | 'commitment') => {
    const path = join(files.dir, `${kind}-${caseId}.pdf`);
    writeFileSync(path, `%PDF-1.4 ${kind} 扫描件`);
    return attachToCase(db, ADMIN, { caseKind, caseId, kind }, { path, fileName: `${kind}.pdf` }, AT);
  };

  it('takes a penalty from application to grant, re-grades at once, and a revocation restores it', () => {
    const { entityId, penaltyId } = seedEntity(db);
    gradeAll(db, '2026-03-02');
    const before = grade(db, entityId);
    expect(before).toBeDefined();

    const penalty = eligibilityForEntity(db, ADMIN, entityId, '2026-03-02').records.find(
      (r) => r.recordId === penaltyId,
    );
    expect(penalty).toMatchObject({ action: 'stop_publicity', eligibleOn: '2026-02-28', eligibleNow: true });

    const input = repairCreateSchema.parse({
      entityId,
      recordId: penaltyId,
      applicant: '李清风',
      contact: '13800000000',
      reason: '罚款已缴清，已整改',
      channel: '窗口',
      appliedOn: '2026-03-02',
    });
    let app = createRepair(db, ADMIN, input, AT, '2026-03-02');
    expect(app).toMatchObject({ state: 'applied', deadline: { step: 'accept', deadline: '2026-03-04' } });
    expect(() => createRepair(db, ADMIN, { ...input, reason: '再次申请' }, AT, '2026-03-02')).toThrow(
      '已有正在办理的信用修复申请',
    );
    const step = (s: Record<string, unknown>, actor = ADMIN, today = String(s.onDate)) =>
      // The re-grade counts the records as of the step's day (its `at`), as the desk's clock would.
      stepRepair(db, actor, repairStepSchema.parse({ id: app.id, ...s }), `${today}T04:00:00Z`, today);
    expect(() => step({ step: 'accept', onDate: '2026-03-02' })).toThrow(
      '受理前须上传信用修复申请书和守信承诺书。',
    );
    attach('repair', app.id, 'application');
    const commitment = attach('repair', app.id, 'commitment');
    expect(new TextDecoder().decode(attachmentContent(db, ADMIN, commitment.id).content)).toBe(
      '%PDF-1.4 commitment 扫描件',
    );
    app = step({ step: 'accept', onDate: '2026-03-02' });
    expect(app.requiredAttached).toBe(true);
    expect(app.attachments.map((a) => [a.kind, a.fileName])).toEqual([
      ['application', 'application.pdf'],
      ['commitment', 'commitment.pdf'],
    ]);
    app = step({
      step: 'verify',
      onDate: '2026-03-03',
      verifyMethod: 'written',
      checklist: app.checklist.map((c) => ({ ...c, met: true })),
    });
    expect(app.state).toBe('verified');
    expect(() => step({ step: 'grant', onDate: '2026-03-03' }, OFFICER)).toThrow(/无权/);

    app = step({ step: 'grant', onDate: '2026-03-04', decisionNo: '示市监信修〔2026〕1号' });
    expect(app).toMatchObject({ state: 'granted', deadline: { step: 'execute', deadline: '2026-03-09' } });
    expect(recordData(db, penaltyId)?.repairedOn).toBe('2026-03-04');
    expect(grade(db, entityId)).not.toBe(before);
    const decision = caseDocument(db, ADMIN, 'repair', app.id, 'decision');
    expect(decision).toMatchObject({ title: '信用修复决定书', number: '示市监信修〔2026〕1号' });
    expect(decision.paragraphs[1]).toContain('决定准予提前停止公示行政处罚信息');
    expect(decision.signature.bureau).toBe(DEMO_COUNTY.bureau);
    expect(() => caseDocument(db, ADMIN, 'repair', app.id, 'refusal')).toThrow(
      '该案件当前所处阶段没有这份文书。',
    );
    const notice = repairNoticeFor(db, ADMIN, entityId, penaltyId, '2026-03-04');
    expect(notice.paragraphs[0]).toContain(
      `（${DECISION}）将依法通过国家企业信用信息公示系统公示，公示期为3年`,
    );

    app = step({ step: 'execute', onDate: '2026-03-04' });
    expect(app.state).toBe('executed');
    app = step({ step: 'revoke', onDate: '2026-03-04', reason: '承诺书系伪造' });
    expect(app.state).toBe('revoked');
    expect(recordData(db, penaltyId)?.repairedOn).toBeUndefined();
    expect(grade(db, entityId)).toBe(before);
    expect(app.steps.map((s) => s.label)).toEqual([
      '申请',
      '受理',
      '核实',
      '准予修复',
      '执行修复',
      '撤销修复（以欺骗等不正当手段取得）',
    ]);
    // The steps' camelCase fields arrive named as the contract says on either engine (no users row
    // here: the name falls back to the user name).
    expect(app.steps[0]).toMatchObject({ onDate: '2026-03-02', byUser: 'admin', byName: 'admin' });
    expect(getRepair(db, ADMIN, app.id, '2026-03-04').steps).toEqual(app.steps);

    const actions = column<string>(db, sql`SELECT action FROM audit_log ORDER BY id`);
    for (const a of [
      'repair.create',
      'repair.accept',
      'repair.verify',
      'repair.grant',
      'repair.execute',
      'repair.revoke',
      'cases.attach',
    ])
      expect(actions).toContain(a);
    const list = listRepairApplications(db, ADMIN, { tab: 'closed', offset: 0, limit: 50 }, '2026-03-04');
    expect(list.counts).toEqual({ pending: 0, in_progress: 0, closed: 1 });
    expect(list.items[0]?.entityName).toBe('示范县清风食品有限公司');
  });

  it('an objection marks the record 异议中 while open; 更正 corrects it and re-grades', () => {
    const { entityId, penaltyId } = seedEntity(db);
    gradeAll(db, '2026-03-02');
    const before = grade(db, entityId);
    let o = createObjection(
      db,
      ADMIN,
      objectionCreateSchema.parse({
        entityId,
        recordId: penaltyId,
        objector: '李清风',
        channel: 'window',
        reasons: '处罚已被复议机关撤销，不应公示',
        receivedOn: '2026-03-02',
      }),
      AT,
      '2026-03-02',
    );
    expect(o).toMatchObject({ state: 'received', deadline: { step: 'accept', deadline: '2026-03-09' } });
    const disputed = eligibilityForEntity(db, ADMIN, entityId, '2026-03-02').records.find(
      (r) => r.recordId === penaltyId,
    );
    expect(disputed?.disputed).toBe(true);
    const step = (s: Record<string, unknown>) =>
      stepObjection(db, ADMIN, objectionStepSchema.parse({ id: o.id, ...s }), AT, '2026-03-02');
    o = step({ step: 'accept', onDate: '2026-03-02' });
    expect(() => step({ step: 'accept', onDate: '2026-03-02' })).toThrow(
      '异议当前为「核实中」，不能进行「受理」',
    );
    expect(() =>
      step({ step: 'decide', onDate: '2026-03-02', outcome: 'corrected', reason: '金额录入有误' }),
    ).toThrow('更正须写明更正后的内容。');
    o = step({
      step: 'decide',
      onDate: '2026-03-02',
      outcome: 'corrected',
      reason: '经核对处罚决定书，罚款金额为 2,000 元，且仅为通报批评',
      correction: { fine: 2000, penaltyKinds: ['通报批评', '罚款'] },
    });
    expect(o).toMatchObject({ state: 'decided', outcome: 'corrected', deadline: null });
    expect(recordData(db, penaltyId)).toMatchObject({
      fine: 2000,
      penaltyKinds: ['通报批评', '罚款'],
      decisionNo: DECISION,
    });
    // A low fine published in 2025 has lapsed by 2026-03: the penalty no longer counts.
    expect(grade(db, entityId)).not.toBe(before);
    const after = eligibilityForEntity(db, ADMIN, entityId, '2026-03-02').records.find(
      (r) => r.recordId === penaltyId,
    );
    expect(after).toMatchObject({ disputed: false, action: null });
  });

  it('撤销 withdraws the record and the objection keeps what the record was', () => {
    const { entityId, penaltyId } = seedEntity(db);
    const original = recordData(db, penaltyId);
    let o = createObjection(
      db,
      ADMIN,
      objectionCreateSchema.parse({
        entityId,
        recordId: penaltyId,
        objector: '李清风',
        channel: 'mail',
        reasons: '处罚决定已被撤销',
        receivedOn: '2026-03-01',
      }),
      AT,
      '2026-03-02',
    );
    const step = (s: Record<string, unknown>) =>
      stepObjection(db, ADMIN, objectionStepSchema.parse({ id: o.id, ...s }), AT, '2026-03-02');
    o = step({ step: 'accept', onDate: '2026-03-02' });
    o = step({ step: 'decide', onDate: '2026-03-02', outcome: 'withdrawn', reason: '复议决定撤销原处罚' });
    expect(o).toMatchObject({ state: 'decided', outcome: 'withdrawn' });
    expect(recordData(db, penaltyId)).toBeUndefined();
    const before = value<string>(db, sql`SELECT record_before FROM objections WHERE id = ${o.id}`);
    expect(JSON.parse(before!)).toMatchObject({ id: penaltyId, data: original });
    expect(eligibilityForEntity(db, ADMIN, entityId, '2026-03-02').records).toEqual([]);
  });

  it('维持 keeps the record with the objection and the verification noted on it', () => {
    const { entityId, penaltyId } = seedEntity(db);
    let o = createObjection(
      db,
      ADMIN,
      objectionCreateSchema.parse({
        entityId,
        recordId: penaltyId,
        objector: '李清风',
        channel: 'mail',
        reasons: '认为处罚过重',
        receivedOn: '2026-03-01',
      }),
      AT,
      '2026-03-02',
    );
    const step = (s: Record<string, unknown>) =>
      stepObjection(db, ADMIN, objectionStepSchema.parse({ id: o.id, ...s }), AT, '2026-03-02');
    o = step({ step: 'accept', onDate: '2026-03-02' });
    o = step({ step: 'decide', onDate: '2026-03-02', outcome: 'upheld', reason: '处罚决定合法有效' });
    const data = recordData(db, penaltyId);
    expect(data?.fine).toBe(200000);
    expect(data?.objectionNote).toBe('异议（2026-03-01）：认为处罚过重；核实结论：维持，处罚决定合法有效');
  });

  it('lists search name, code and person, count by tab, and the overview counts the open cases', () => {
    const a = seedEntity(db, '示范县清风食品有限公司', '91410422MA9XYZ0017');
    const b = seedEntity(db, '示范县明月商贸有限公司', '91410422MA9XYZ0025');
    const repair = (entityId: number, recordId: number, applicant: string) =>
      createRepair(
        db,
        ADMIN,
        repairCreateSchema.parse({
          entityId,
          recordId,
          applicant,
          reason: '已整改',
          channel: '窗口',
          appliedOn: '2026-03-02',
        }),
        AT,
        '2026-03-02',
      );
    repair(a.entityId, a.penaltyId, '李清风');
    repair(b.entityId, b.penaltyId, '王明月');
    createObjection(
      db,
      ADMIN,
      objectionCreateSchema.parse({
        entityId: b.entityId,
        recordId: b.penaltyId,
        objector: '王明月',
        channel: 'window',
        reasons: '对评价结果有异议',
        receivedOn: '2026-03-02',
      }),
      AT,
      '2026-03-02',
    );
    const names = (query?: string) =>
      listRepairApplications(
        db,
        ADMIN,
        { tab: 'pending', query, offset: 0, limit: 50 },
        '2026-03-02',
      ).items.map((i) => i.entityName);
    expect(names()).toEqual(['示范县清风食品有限公司', '示范县明月商贸有限公司']);
    expect(names('明月商贸')).toEqual(['示范县明月商贸有限公司']);
    expect(names('XYZ0017')).toEqual(['示范县清风食品有限公司']);
    expect(names('李清风')).toEqual(['示范县清风食品有限公司']);
    expect(names('不存在')).toEqual([]);
    const paged = listRepairApplications(db, ADMIN, { tab: 'pending', offset: 1, limit: 1 }, '2026-03-02');
    expect(paged).toMatchObject({ total: 2, counts: { pending: 2, in_progress: 0, closed: 0 } });
    expect(paged.items.map((i) => i.entityName)).toEqual(['示范县明月商贸有限公司']);
    const objections = listObjectionCases(
      db,
      ADMIN,
      { tab: 'pending', query: '王明月', offset: 0, limit: 50 },
      '2026-03-02',
    );
    expect(objections.total).toBe(1);
    expect(caseOverview(db, ADMIN, '2026-03-02').openItems).toEqual({ repairs: 2, objections: 1 });
  });
});
