/**
 * 异议与修复 through the real backend on an encrypted database (issue 12): a penalty taken from application
 * to grant changes the entity's current grade at once and a revocation restores it; an objection decided
 * as 更正 corrects the record and re-grades; the roles and the documents' preconditions hold; every step
 * is in the audit log.
 */
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/backend.ts';
import { stepRepair } from '../../electron/services/repair/applications.ts';
import { openClockedBackend } from '../helpers/clocked-backend.ts';

const AT = '2026-01-01T00:00:00Z';

/** An enterprise established long ago whose only blemish is one heavy fine, published 2025-08-31. */
function seedEntity(b: Backend): { entityId: number; penaltyId: number } {
  const db = b.db();
  const entityId = Number(
    db
      .prepare(
        `INSERT INTO entities (uscc, name, kind, status, established_on, created_at, updated_at)
         VALUES ('91410422MA9XYZ0017', '示范县清风食品有限公司', 'enterprise', 'active', '2015-03-02', ?, ?)`,
      )
      .run(AT, AT).lastInsertRowid,
  );
  const penaltyId = Number(
    db
      .prepare(
        `INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
         VALUES (?, 'penalty', '2025-08-31', 'penalty:示市监罚〔2025〕8号', ?, ?)`,
      )
      .run(
        entityId,
        JSON.stringify({
          decisionNo: '示市监罚〔2025〕8号',
          penaltyKinds: ['罚款'],
          fine: 200000,
          violationType: '虚假宣传',
        }),
        AT,
      ).lastInsertRowid,
  );
  return { entityId, penaltyId };
}

async function currentGrade(b: Backend, entityId: number): Promise<string | undefined> {
  const { current } = await b.call('grading.entity', { entityId });
  return current.find((c) => c.modelId === 'samr-risk')?.grade;
}

async function attach(
  b: Backend,
  caseKind: 'repair' | 'objection',
  caseId: number,
  kind: 'application' | 'commitment',
) {
  const bytes = Buffer.from(`%PDF-1.4 ${kind} 扫描件`);
  const { uploadId } = await b.call('exchange.uploadBegin', { fileName: `${kind}.pdf`, size: bytes.length });
  await b.call('exchange.uploadChunk', { uploadId, index: 0, base64: bytes.toString('base64') });
  return b.call('cases.attach', { caseKind, caseId, kind, uploadId });
}

describe('credit repair and objections', () => {
  it('takes a penalty from application to grant, re-grades at once, and a revocation restores it', async () => {
    const { backend: b, at } = await openClockedBackend({ entities: 20, seed: 'repair' }, '2026-03-02');
    const { entityId, penaltyId } = seedEntity(b);
    await b.call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-03-02' });
    const before = await currentGrade(b, entityId);
    expect(before).toBeDefined();

    const { records } = await b.call('repair.eligibility', { entityId });
    const penalty = records.find((r) => r.recordId === penaltyId);
    expect(penalty).toMatchObject({ action: 'stop_publicity', eligibleOn: '2026-02-28', eligibleNow: true });

    let app = await b.call('repair.create', {
      entityId,
      recordId: penaltyId,
      applicant: '李清风',
      contact: '13800000000',
      reason: '罚款已缴清，已整改',
      channel: '窗口',
      appliedOn: '2026-03-02',
    });
    expect(app).toMatchObject({ state: 'applied', deadline: { step: 'accept', deadline: '2026-03-04' } });
    // A second application for the same record while this one runs is refused.
    await expect(
      b.call('repair.create', {
        entityId,
        recordId: penaltyId,
        applicant: '李清风',
        reason: '再次申请',
        channel: '窗口',
        appliedOn: '2026-03-02',
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('已有正在办理的信用修复申请') });
    await expect(
      b.call('repair.step', { id: app.id, step: 'accept', onDate: '2026-03-02' }),
    ).rejects.toMatchObject({
      message: '受理前须上传信用修复申请书和守信承诺书。',
    });
    await attach(b, 'repair', app.id, 'application');
    await attach(b, 'repair', app.id, 'commitment');
    app = await b.call('repair.step', { id: app.id, step: 'accept', onDate: '2026-03-02' });
    expect(app.requiredAttached).toBe(true);
    at('2026-03-03');
    app = await b.call('repair.step', {
      id: app.id,
      step: 'verify',
      onDate: '2026-03-03',
      verifyMethod: 'written',
      checklist: app.checklist.map((c) => ({ ...c, met: true })),
    });
    expect(app.state).toBe('verified');
    // An officer can verify but not decide.
    expect(() =>
      stepRepair(
        b.db(),
        { ...b.user(), role: 'officer' },
        { id: app.id, step: 'grant', onDate: '2026-03-03' },
        AT,
        '2026-03-03',
      ),
    ).toThrow(/无权/);

    at('2026-03-04');
    app = await b.call('repair.step', {
      id: app.id,
      step: 'grant',
      onDate: '2026-03-04',
      decisionNo: '示市监信修〔2026〕1号',
    });
    expect(app).toMatchObject({ state: 'granted', deadline: { step: 'execute', deadline: '2026-03-09' } });
    const repaired = b.db().prepare('SELECT data FROM records WHERE id = ?').pluck().get(penaltyId) as string;
    expect(JSON.parse(repaired).repairedOn).toBe('2026-03-04');
    const after = await currentGrade(b, entityId);
    expect(after).not.toBe(before);
    const decision = await b.call('cases.document', {
      caseKind: 'repair',
      caseId: app.id,
      document: 'decision',
    });
    expect(decision).toMatchObject({ title: '信用修复决定书', number: '示市监信修〔2026〕1号' });
    expect(decision.paragraphs[1]).toContain('决定准予提前停止公示行政处罚信息');
    expect(decision.signature.bureau).toBe((await b.call('app.status', {})).county?.bureau);
    // The Word copy carries the same text.
    const docx = await b.call('cases.documentDocx', {
      caseKind: 'repair',
      caseId: app.id,
      document: 'decision',
    });
    const chunk = await b.call('exchange.download', { fileId: docx.fileId, offset: 0 });
    const xml = strFromU8(unzipSync(Buffer.from(chunk.base64, 'base64'))['word/document.xml']!);
    expect(xml).toContain('信用修复决定书');
    expect(xml).toContain('决定准予提前停止公示行政处罚信息');
    await expect(
      b.call('cases.document', { caseKind: 'repair', caseId: app.id, document: 'refusal' }),
    ).rejects.toMatchObject({ message: '该案件当前所处阶段没有这份文书。' });
    const notice = await b.call('repair.notice', { entityId, recordId: penaltyId });
    expect(notice.paragraphs[0]).toContain(
      '（示市监罚〔2025〕8号）将依法通过国家企业信用信息公示系统公示，公示期为3年',
    );
    expect(notice.paragraphs[2]).toMatch(/^自公示之日起满六个月后/);
    app = await b.call('repair.step', { id: app.id, step: 'execute', onDate: '2026-03-04' });
    expect(app.state).toBe('executed');

    app = await b.call('repair.step', {
      id: app.id,
      step: 'revoke',
      onDate: '2026-03-04',
      reason: '承诺书系伪造',
    });
    expect(app.state).toBe('revoked');
    const restored = JSON.parse(
      b.db().prepare('SELECT data FROM records WHERE id = ?').pluck().get(penaltyId) as string,
    );
    expect(restored.repairedOn).toBeUndefined();
    expect(await currentGrade(b, entityId)).toBe(before);
    expect(app.steps.map((s) => s.label)).toEqual([
      '申请',
      '受理',
      '核实',
      '准予修复',
      '执行修复',
      '撤销修复（以欺骗等不正当手段取得）',
    ]);

    const { entries } = await b.call('audit.list', { offset: 0, limit: 100, actor: '', action: '' });
    const actions = entries.map((e) => e.action);
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
    const list = await b.call('repair.list', { tab: 'closed', offset: 0, limit: 50 });
    expect(list.counts).toEqual({ pending: 0, in_progress: 0, closed: 1 });
    expect(list.items[0]?.entityName).toBe('示范县清风食品有限公司');
  });

  it('an objection marks the record 异议中 while open; 更正 corrects it and re-grades', async () => {
    const { backend: b } = await openClockedBackend({ entities: 20, seed: 'objection' }, '2026-03-02');
    const { entityId, penaltyId } = seedEntity(b);
    await b.call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-03-02' });
    const before = await currentGrade(b, entityId);

    let o = await b.call('objections.create', {
      entityId,
      recordId: penaltyId,
      objector: '李清风',
      channel: 'window',
      reasons: '处罚已被复议机关撤销，不应公示',
      receivedOn: '2026-03-02',
    });
    expect(o).toMatchObject({ state: 'received', deadline: { step: 'accept', deadline: '2026-03-09' } });
    const disputed = (await b.call('repair.eligibility', { entityId })).records.find(
      (r) => r.recordId === penaltyId,
    );
    expect(disputed?.disputed).toBe(true);

    // The grading explanation says so where the record is counted.
    const explained = (await b.call('grading.entity', { entityId })).current.find(
      (c) => c.modelId === 'samr-risk',
    );
    const evidence = explained?.lines.flatMap((l) => l.evidence) ?? [];
    expect(evidence.some((e) => e.includes('示市监罚〔2025〕8号') && e.endsWith('（异议中）'))).toBe(true);
    o = await b.call('objections.step', { id: o.id, step: 'accept', onDate: '2026-03-02' });
    await expect(
      b.call('objections.step', {
        id: o.id,
        step: 'decide',
        onDate: '2026-03-02',
        outcome: 'corrected',
        reason: '金额录入有误',
      }),
    ).rejects.toMatchObject({ message: '更正须写明更正后的内容。' });
    o = await b.call('objections.step', {
      id: o.id,
      step: 'decide',
      onDate: '2026-03-02',
      outcome: 'corrected',
      reason: '经核对处罚决定书，罚款金额为 2,000 元，且仅为通报批评',
      correction: { fine: 2000, penaltyKinds: ['通报批评', '罚款'] },
    });
    expect(o).toMatchObject({ state: 'decided', outcome: 'corrected', deadline: null });
    const data = JSON.parse(
      b.db().prepare('SELECT data FROM records WHERE id = ?').pluck().get(penaltyId) as string,
    );
    expect(data).toMatchObject({
      fine: 2000,
      penaltyKinds: ['通报批评', '罚款'],
      decisionNo: '示市监罚〔2025〕8号',
    });
    // A low fine published in 2025 has lapsed by 2026-03: the penalty no longer counts.
    expect(await currentGrade(b, entityId)).not.toBe(before);
    const after = (await b.call('repair.eligibility', { entityId })).records.find(
      (r) => r.recordId === penaltyId,
    );
    expect(after).toMatchObject({ disputed: false, action: null });
  });

  it('维持 keeps the record with the objection and the verification noted on it', async () => {
    const { backend: b } = await openClockedBackend({ entities: 20, seed: 'upheld' }, '2026-03-02');
    const { entityId, penaltyId } = seedEntity(b);
    let o = await b.call('objections.create', {
      entityId,
      recordId: penaltyId,
      objector: '李清风',
      channel: 'mail',
      reasons: '认为处罚过重',
      receivedOn: '2026-03-01',
    });
    o = await b.call('objections.step', { id: o.id, step: 'accept', onDate: '2026-03-02' });
    await expect(
      b.call('objections.step', { id: o.id, step: 'accept', onDate: '2026-03-02' }),
    ).rejects.toMatchObject({
      message: '异议当前为「核实中」，不能进行「受理」',
    });
    o = await b.call('objections.step', {
      id: o.id,
      step: 'decide',
      onDate: '2026-03-02',
      outcome: 'upheld',
      reason: '处罚决定合法有效',
    });
    const data = JSON.parse(
      b.db().prepare('SELECT data FROM records WHERE id = ?').pluck().get(penaltyId) as string,
    );
    expect(data.fine).toBe(200000);
    expect(data.objectionNote).toBe('异议（2026-03-01）：认为处罚过重；核实结论：维持，处罚决定合法有效');
  });
});
