/**
 * Monitoring over the database (issue 13): the same fixture county loaded into a database and read as
 * credit files gives the same warnings; the warning lifecycle (审核/处置/关闭), re-runs that update
 * instead of duplicating, reopening only on new evidence, audit entries; and warnings into a 定向抽查
 * task over exactly their entities.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/db/open.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { closeWarning, disposeWarning, reviewWarning } from '../../electron/services/monitoring/lifecycle.ts';
import { getMonitoringWarning, listMonitoringWarnings } from '../../electron/services/monitoring/reads.ts';
import { saveMonitoringRules } from '../../electron/services/monitoring/rules.ts';
import { runMonitoring } from '../../electron/services/monitoring/run.ts';
import { warningsToTask } from '../../electron/services/monitoring/to-task.ts';
import { buildDrawInputs } from '../../electron/services/sampling/candidates.ts';
import { loadTask } from '../../electron/services/sampling/task-store.ts';
import { parseCreditFiles } from '../../shared/grading/index.ts';
import {
  builtinMonitoringRuleSet,
  evaluateMonitoring,
  monitoringFactsFromCreditFiles,
} from '../../shared/monitoring/index.ts';
import { openFixtureDb, writeFixture } from '../helpers/monitoring-db.ts';
import { FIXTURE_AS_OF, monitoringFixture } from '../helpers/monitoring-fixture.ts';
import { tempDir } from '../helpers/tmp.ts';

const admin: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const officer: Actor = { username: 'zhifa', displayName: '执法员', role: 'officer' };
const supervisor: Actor = { username: 'keyuan', displayName: '科长', role: 'supervisor' };
const AT = '2026-11-30T02:00:00.000Z';
const LATER = '2026-12-01T02:00:00.000Z';

const fixture = monitoringFixture();

let db: Db;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openFixtureDb(`${t.dir}/m.db`);
  writeFixture(db, fixture.document);
});
afterEach(() => {
  db.close();
  cleanup();
});

const auditActions = () =>
  db
    .prepare("SELECT action FROM audit_log WHERE action LIKE 'monitoring.%' ORDER BY id")
    .pluck()
    .all() as string[];
const warningCount = () => db.prepare('SELECT count(*) FROM monitoring_warnings').pluck().get() as number;
const find = (rule: string, key: string) => {
  const all = listMonitoringWarnings(db, admin, { state: 'all', offset: 0, limit: 500 }).items;
  const w = all.find((x) => x.rule === rule && x.subject.key === key);
  if (!w) throw new Error(`no ${rule} warning for ${key}`);
  return w;
};

describe('monitoring over the database', () => {
  it('finds exactly the warnings the credit-file path finds on the same county', () => {
    const parsed = parseCreditFiles(fixture.document);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const ruleSet = builtinMonitoringRuleSet();
    const fromFiles = evaluateMonitoring(
      monitoringFactsFromCreditFiles(parsed.files, FIXTURE_AS_OF, ruleSet),
      ruleSet,
    );
    const fromDb = runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    expect(fromFiles.length).toBeGreaterThan(10);
    expect(fromDb.warnings).toEqual(fromFiles);
    // And they are stored: one row each, with the run's counts.
    expect(warningCount()).toBe(fromFiles.length);
    expect(fromDb.run).toMatchObject({
      found: fromFiles.length,
      created: fromFiles.length,
      updated: 0,
      reopened: 0,
    });
    // Every rule of the fixture's expectations is among them.
    for (const e of fixture.expected) {
      expect(fromDb.warnings.some((w) => w.rule === e.rule && w.subject.key === e.subject.key)).toBe(true);
    }
  });

  it('does not duplicate on a re-run, and updates an open warning when its evidence changes', () => {
    runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    const before = warningCount();
    const again = runMonitoring(db, officer, FIXTURE_AS_OF, LATER);
    expect(warningCount()).toBe(before);
    expect(again.run).toMatchObject({ found: before, created: 0, updated: 0, reopened: 0 });

    // One more entity at the 10-entity address (established this year, so no report is due from it):
    // same warning, new evidence, an 更新证据 step.
    const w = find('same_address', '幸福路11号B座');
    db.prepare(
      `INSERT INTO entities (reg_no, name, kind, status, address, established_on, created_at, updated_at)
       VALUES ('MONX0001', '新增主体', 'enterprise', 'active', '幸福路11号B座', '2026-01-01', ?, ?)`,
    ).run(AT, AT);
    const third = runMonitoring(db, officer, FIXTURE_AS_OF, LATER);
    expect(third.run.updated).toBe(1);
    expect(warningCount()).toBe(before);
    const detail = getMonitoringWarning(db, admin, w.id, '2026-12-01');
    expect(detail.entityCount).toBe(w.entityCount + 1);
    expect(detail.evidence.join()).toContain(`同一地址登记在业主体 ${w.entityCount + 1} 户`);
    expect(detail.steps.map((s) => s.step)).toEqual(['generate', 'update']);
  });

  it('takes a warning through 审核, 处置 and 关闭 with the right roles, and audits each step', () => {
    runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    const w = find('same_address', '幸福路11号B座');
    expect(getMonitoringWarning(db, officer, w.id, '2026-11-30').available).toEqual([]);
    expect(() =>
      reviewWarning(db, officer, { id: w.id, decision: 'confirm', note: '核实' }, AT, '2026-11-30'),
    ).toThrow(/无权/);
    expect(() => closeWarning(db, officer, { id: w.id, note: '未审核' }, AT, '2026-11-30')).toThrow(
      /尚未审核/,
    );
    const confirmed = reviewWarning(
      db,
      supervisor,
      { id: w.id, decision: 'confirm', note: '登记代理地址' },
      AT,
      '2026-11-30',
    );
    expect(confirmed.status).toBe('confirmed');
    const disposed = disposeWarning(
      db,
      officer,
      { id: w.id, action: '约谈', note: '已约谈代理机构' },
      AT,
      '2026-11-30',
    );
    expect(disposed).toMatchObject({ status: 'disposed', disposedAction: '约谈' });
    const closed = closeWarning(db, officer, { id: w.id, note: '已整改' }, AT, '2026-11-30');
    expect(closed.status).toBe('closed');
    expect(closed.steps.map((s) => [s.step, s.byUser, s.note])).toEqual([
      ['generate', 'zhifa', null],
      ['confirm', 'keyuan', '登记代理地址'],
      ['dispose', 'zhifa', '已约谈代理机构'],
      ['close', 'zhifa', '已整改'],
    ]);
    expect(auditActions()).toEqual([
      'monitoring.run',
      'monitoring.confirm',
      'monitoring.dispose',
      'monitoring.close',
    ]);
  });

  it('reopens a closed or dismissed warning only on new evidence', () => {
    runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    const addr = find('same_address', '幸福路11号B座');
    reviewWarning(db, supervisor, { id: addr.id, decision: 'confirm', note: '属实' }, AT, '2026-11-30');
    closeWarning(db, officer, { id: addr.id, note: '已处理' }, AT, '2026-11-30');
    const other = listMonitoringWarnings(db, admin, { state: 'active', offset: 0, limit: 500 }).items.find(
      (x) => x.id !== addr.id,
    );
    if (!other) throw new Error('fixture has one warning only');
    reviewWarning(db, supervisor, { id: other.id, decision: 'dismiss', note: '误报' }, AT, '2026-11-30');

    // Same facts: both stay as they are.
    const same = runMonitoring(db, officer, FIXTURE_AS_OF, LATER);
    expect(same.run.reopened).toBe(0);
    expect(getMonitoringWarning(db, admin, addr.id, '2026-12-01').status).toBe('closed');
    expect(getMonitoringWarning(db, admin, other.id, '2026-12-01').status).toBe('dismissed');

    // New evidence at the closed address: it reopens (the dismissed one, unchanged, stays dismissed).
    db.prepare(
      `INSERT INTO entities (reg_no, name, kind, status, address, established_on, created_at, updated_at)
       VALUES ('MONX0002', '又一新增主体', 'enterprise', 'active', '幸福路１１号Ｂ座', '2026-01-01', ?, ?)`,
    ).run(AT, AT);
    const changed = runMonitoring(db, officer, FIXTURE_AS_OF, LATER);
    expect(changed.run.reopened).toBe(1);
    const reopened = getMonitoringWarning(db, admin, addr.id, '2026-12-01');
    expect(reopened.status).toBe('open');
    expect(reopened.steps.at(-1)?.step).toBe('reopen');
    expect(getMonitoringWarning(db, admin, other.id, '2026-12-01').status).toBe('dismissed');
  });

  it('saves thresholds as a new audited version that the next run uses', () => {
    const rules = builtinMonitoringRuleSet().rules.map((r) =>
      r.id === 'same_address' ? { ...r, params: { minEntities: 11 } } : r,
    );
    expect(() => saveMonitoringRules(db, supervisor, { baseVersion: 1, rules }, AT)).toThrow(/无权/);
    const bad = rules.map((r) => (r.id === 'same_address' ? { ...r, params: { minEntities: 'x' } } : r));
    expect(() => saveMonitoringRules(db, admin, { baseVersion: 1, rules: bad }, AT)).toThrow(
      /同一地址多户登记/,
    );
    const saved = saveMonitoringRules(db, admin, { baseVersion: 1, rules }, AT);
    expect(saved).toMatchObject({ version: 2, builtIn: false });
    expect(() => saveMonitoringRules(db, admin, { baseVersion: 1, rules }, AT)).toThrow(/已被他人修改/);
    const run = runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    expect(run.run.ruleSetVersion).toBe(2);
    expect(run.warnings.some((w) => w.rule === 'same_address' && w.subject.key === '幸福路11号B座')).toBe(
      false,
    );
    expect(auditActions()).toEqual(['monitoring.rules.save', 'monitoring.run']);
  });

  it('turns confirmed warnings into a directed task whose candidates are exactly their entities', () => {
    runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    const a = find('same_address', '幸福路11号B座');
    const p = listMonitoringWarnings(db, admin, { rule: 'same_person', state: 'all', offset: 0, limit: 50 })
      .items[0];
    if (!p) throw new Error('fixture has no same_person warning');
    const input = {
      warningIds: [a.id, p.id],
      kind: 'directed' as const,
      number: '示范县市监抽〔2026〕31号',
      name: '监测预警定向抽查',
      items: ['A07'],
      profileId: 'henan-2021',
      startDate: '2026-12-01',
      endDate: '2026-12-20',
      teamSize: 2,
    };
    expect(() => warningsToTask(db, supervisor, input, AT)).toThrow(/尚未审核确认/);
    for (const w of [a, p])
      reviewWarning(db, supervisor, { id: w.id, decision: 'confirm', note: '属实' }, AT, '2026-11-30');
    expect(() => warningsToTask(db, officer, input, AT)).toThrow(/无权/);
    const out = warningsToTask(db, supervisor, input, AT);
    const expected = [...new Set([...a.entities, ...p.entities])].sort();
    expect(out).toMatchObject({ candidates: expected.length, warnings: 2 });
    const task = loadTask(db, out.taskId);
    expect(task.directed).toBe(true);
    const pool = [...buildDrawInputs(db, task).candidates.ids].sort();
    expect(pool).toEqual(expected);
    for (const w of [a, p]) {
      expect(getMonitoringWarning(db, admin, w.id, '2026-11-30')).toMatchObject({
        status: 'disposed',
        disposedAction: '检查',
        taskId: out.taskId,
      });
    }
    expect(auditActions()).toContain('monitoring.toTask');
  });
});
