/**
 * Monitoring (监测预警) on both engines (issue 17): the same fixture county written into SQLite and into
 * PostgreSQL raises exactly the warnings the credit-file path finds; the overview, list filters and
 * cluster view read the same; the lifecycle (审核/处置/关闭), a re-run, reopening on new evidence (a
 * full-width address folded by PostgreSQL's cd_address_key as by the desk's normaliser), saved
 * thresholds, warnings into a 定向抽查 task and the Excel export behave alike.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { column, type DataDoor, run, sql, value } from '../../electron/db/sql.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { exportWarnings } from '../../electron/services/monitoring/export.ts';
import { closeWarning, disposeWarning, reviewWarning } from '../../electron/services/monitoring/lifecycle.ts';
import {
  getMonitoringWarning,
  listMonitoringWarnings,
  monitoringCluster,
  monitoringOverview,
  monitoringRuns,
} from '../../electron/services/monitoring/reads.ts';
import { monitoringRules, saveMonitoringRules } from '../../electron/services/monitoring/rules.ts';
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
import { forEachEngine } from '../helpers/engines.ts';
import { writeFixture } from '../helpers/monitoring-db.ts';
import { FIXTURE_AS_OF, monitoringFixture } from '../helpers/monitoring-fixture.ts';
import { tempDir } from '../helpers/tmp.ts';

const admin: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const officer: Actor = { username: 'zhifa', displayName: '执法员', role: 'officer' };
const supervisor: Actor = { username: 'keyuan', displayName: '科长', role: 'supervisor' };
const AT = '2026-11-30T02:00:00.000Z';
const LATER = '2026-12-01T02:00:00.000Z';
const TODAY = '2026-11-30';

const fixture = monitoringFixture();

/** What the credit-file path (no database) finds on the fixture: the engines must both find exactly it. */
function expectedWarnings() {
  const parsed = parseCreditFiles(fixture.document);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const ruleSet = builtinMonitoringRuleSet();
  return evaluateMonitoring(monitoringFactsFromCreditFiles(parsed.files, FIXTURE_AS_OF, ruleSet), ruleSet);
}

const auditActions = (db: DataDoor) =>
  column<string>(db, sql`SELECT action FROM audit_log WHERE action LIKE 'monitoring.%' ORDER BY id`);
const warningCount = (db: DataDoor) => value<number>(db, sql`SELECT count(*) FROM monitoring_warnings`);
const find = (db: DataDoor, rule: string, key: string) => {
  const all = listMonitoringWarnings(db, admin, { state: 'all', offset: 0, limit: 500 }).items;
  const w = all.find((x) => x.rule === rule && x.subject.key === key);
  if (!w) throw new Error(`no ${rule} warning for ${key}`);
  return w;
};
const addEntity = (db: DataDoor, regNo: string, name: string, address: string) =>
  run(
    db,
    sql`INSERT INTO entities (reg_no, name, kind, status, address, established_on, created_at, updated_at)
        VALUES (${regNo}, ${name}, 'enterprise', 'active', ${address}, '2026-01-01', ${AT}, ${AT})`,
  );

forEachEngine('monitoring', (fresh) => {
  const county = () => {
    const { db } = fresh();
    writeFixture(db, fixture.document);
    return db;
  };

  it('seeds the built-in rule set, and a run finds exactly the warnings the credit-file path finds', () => {
    const db = county();
    expect(monitoringRules(db, admin)).toMatchObject({ version: 1, builtIn: true });
    const expected = expectedWarnings();
    const found = runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    expect(expected.length).toBeGreaterThan(10);
    expect(found.warnings).toEqual(expected);
    expect(warningCount(db)).toBe(expected.length);
    expect(found.run).toMatchObject({
      found: expected.length,
      created: expected.length,
      updated: 0,
      reopened: 0,
      ruleSetVersion: 1,
      createdBy: 'zhifa',
    });
    expect(monitoringRuns(db, admin).runs.map((r) => r.id)).toEqual([found.run.id]);
    // Every rule the fixture expects is among them.
    for (const e of fixture.expected) {
      expect(found.warnings.some((w) => w.rule === e.rule && w.subject.key === e.subject.key)).toBe(true);
    }
  });

  it('reads the overview, the filtered list and a cluster the same way', () => {
    const db = county();
    const { warnings } = runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    const overview = monitoringOverview(db, admin);
    expect(overview.active).toBe(warnings.length);
    const byRule = new Map<string, number>();
    for (const w of warnings) byRule.set(w.rule, (byRule.get(w.rule) ?? 0) + 1);
    expect(overview.byRule.map((r) => [r.key, r.count])).toEqual(
      [...byRule].sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    expect(overview.byStatus).toEqual([{ key: 'open', label: '待审核', count: warnings.length }]);
    // Townships: largest first, each counted once per warning that names it.
    const townships = overview.byTownship;
    expect(townships.length).toBeGreaterThan(0);
    expect(townships.map((t) => t.count)).toEqual([...townships.map((t) => t.count)].sort((a, b) => b - a));
    const first = townships[0]!;
    const inTownship = listMonitoringWarnings(db, admin, {
      state: 'active',
      township: first.key,
      offset: 0,
      limit: 500,
    });
    expect(inTownship.total).toBe(first.count);
    expect(inTownship.items.every((w) => w.townships.includes(first.key))).toBe(true);

    // The search box: a subject, case-insensitively for codes typed in lower case.
    const addr = find(db, 'same_address', '幸福路11号B座');
    expect(
      listMonitoringWarnings(db, admin, { state: 'all', q: '幸福路11号b座', offset: 0, limit: 50 }).items.map(
        (w) => w.id,
      ),
    ).toContain(addr.id);
    const code = addr.entities[0]!;
    const byCode = listMonitoringWarnings(db, admin, {
      state: 'all',
      q: code.toLowerCase(),
      offset: 0,
      limit: 50,
    });
    expect(byCode.items.map((w) => w.id)).toContain(addr.id);
    expect(byCode.items.every((w) => w.entities.includes(code))).toBe(true);

    // A cluster's entities, with the list status and the first spelling of the address.
    const cluster = monitoringCluster(db, admin, 'address', addr.subject.key, TODAY);
    expect(cluster.entities.map((e) => e.code).sort()).toEqual([...addr.entities].sort());
    expect(cluster.display).toBe(addr.subject.display);
    expect(() => monitoringCluster(db, admin, 'address', '不存在的地址', TODAY)).toThrow(
      /该地址下没有市场主体/,
    );
  });

  it('takes a warning through 审核, 处置 and 关闭, audits each step, and reopens it only on new evidence', () => {
    const db = county();
    runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    const w = find(db, 'same_address', '幸福路11号B座');
    expect(() => closeWarning(db, officer, { id: w.id, note: '未审核' }, AT, TODAY)).toThrow(/尚未审核/);
    expect(() =>
      reviewWarning(db, officer, { id: w.id, decision: 'confirm', note: '核实' }, AT, TODAY),
    ).toThrow(/无权/);
    expect(
      reviewWarning(db, supervisor, { id: w.id, decision: 'confirm', note: '登记代理地址' }, AT, TODAY)
        .status,
    ).toBe('confirmed');
    expect(
      disposeWarning(db, officer, { id: w.id, action: '约谈', note: '已约谈代理机构' }, AT, TODAY),
    ).toMatchObject({ status: 'disposed', disposedAction: '约谈' });
    const closed = closeWarning(db, officer, { id: w.id, note: '已整改' }, AT, TODAY);
    expect(closed.status).toBe('closed');
    expect(closed.steps.map((s) => [s.step, s.byUser, s.note])).toEqual([
      ['generate', 'zhifa', null],
      ['confirm', 'keyuan', '登记代理地址'],
      ['dispose', 'zhifa', '已约谈代理机构'],
      ['close', 'zhifa', '已整改'],
    ]);
    expect(auditActions(db)).toEqual([
      'monitoring.run',
      'monitoring.confirm',
      'monitoring.dispose',
      'monitoring.close',
    ]);

    // The same facts again: nothing new, the closed warning stays closed.
    const before = warningCount(db);
    const same = runMonitoring(db, officer, FIXTURE_AS_OF, LATER);
    expect(same.run).toMatchObject({ found: before, created: 0, updated: 0, reopened: 0 });
    expect(getMonitoringWarning(db, admin, w.id, TODAY).status).toBe('closed');

    // One more entity at the address, written in full-width letters and digits: the same key, so the
    // same warning with new evidence, reopened (待审核) with a 重新打开 step.
    addEntity(db, 'MONX0002', '又一新增主体', '幸福路１１号Ｂ座');
    const changed = runMonitoring(db, officer, FIXTURE_AS_OF, LATER);
    expect(changed.run).toMatchObject({ reopened: 1, created: 0 });
    expect(warningCount(db)).toBe(before);
    const reopened = getMonitoringWarning(db, admin, w.id, '2026-12-01');
    expect(reopened).toMatchObject({ status: 'open', entityCount: w.entityCount + 1 });
    expect(reopened.entities).toHaveLength(w.entityCount + 1);
    expect(reopened.evidence.join()).toContain(`同一地址登记在业主体 ${w.entityCount + 1} 户`);
    expect(reopened.steps.at(-1)?.step).toBe('reopen');
  });

  it('saves thresholds as a new audited version that the next run uses', () => {
    const db = county();
    const rules = builtinMonitoringRuleSet().rules.map((r) =>
      r.id === 'same_address' ? { ...r, params: { minEntities: 11 } } : r,
    );
    expect(() => saveMonitoringRules(db, supervisor, { baseVersion: 1, rules }, AT)).toThrow(/无权/);
    const saved = saveMonitoringRules(db, admin, { baseVersion: 1, rules }, AT);
    // No account named admin in this database: the login name stands for who saved it.
    expect(saved).toMatchObject({ version: 2, builtIn: false, savedBy: 'admin' });
    expect(saved.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(() => saveMonitoringRules(db, admin, { baseVersion: 1, rules }, AT)).toThrow(/已被他人修改/);
    const next = runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    expect(next.run.ruleSetVersion).toBe(2);
    expect(next.warnings.some((w) => w.rule === 'same_address' && w.subject.key === '幸福路11号B座')).toBe(
      false,
    );
    expect(auditActions(db)).toEqual(['monitoring.rules.save', 'monitoring.run']);
  });

  it('turns confirmed warnings into a directed task over exactly their entities', () => {
    const db = county();
    runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    const a = find(db, 'same_address', '幸福路11号B座');
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
      reviewWarning(db, supervisor, { id: w.id, decision: 'confirm', note: '属实' }, AT, TODAY);
    const out = warningsToTask(db, supervisor, input, AT);
    const expected = [...new Set([...a.entities, ...p.entities])].sort();
    expect(out).toMatchObject({ candidates: expected.length, warnings: 2 });
    const task = loadTask(db, out.taskId);
    expect(task.directed).toBe(true);
    expect([...buildDrawInputs(db, task).candidates.ids].sort()).toEqual(expected);
    for (const w of [a, p]) {
      expect(getMonitoringWarning(db, admin, w.id, TODAY)).toMatchObject({
        status: 'disposed',
        disposedAction: '检查',
        taskId: out.taskId,
      });
    }
    expect(auditActions(db).at(-1)).toBe('monitoring.toTask');
  });

  it('exports the filtered warnings as a workbook, one row each, and audits the export', () => {
    const db = county();
    runMonitoring(db, officer, FIXTURE_AS_OF, AT);
    const t = tempDir();
    try {
      const path = join(t.dir, 'warnings.xlsx');
      const out = exportWarnings(db, officer, { state: 'active', rule: 'same_address' }, path, AT, TODAY);
      const sameAddress = listMonitoringWarnings(db, admin, {
        state: 'active',
        rule: 'same_address',
        offset: 0,
        limit: 500,
      });
      expect(out).toEqual({ fileName: `监测预警清单_${TODAY}.xlsx`, rows: sameAddress.total });
      const sheet = XLSX.read(readFileSync(path)).Sheets.监测预警!;
      const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
      const subjects = rows.map((r) => r[5]).filter((s) => typeof s === 'string');
      for (const w of sameAddress.items) expect(subjects).toContain(w.subject.display);
      expect(auditActions(db).at(-1)).toBe('monitoring.export');
    } finally {
      t.cleanup();
    }
  });
});
