/**
 * The double-random inspections on both engines (issue 17): reference data, preview, draw (verifiable,
 * locked, redrawn only by a supervisor with a reason), conflicts, exclusions, warnings, the lifecycle
 * with its results and the exports.
 */
import { expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { ApiError } from '../../../shared/api/errors.ts';
import { DEMO_COUNTY } from '../../../shared/demo/index.ts';
import { parsePlanDocument, verifyPlan } from '../../../shared/sampling/index.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { HELD_MS, race } from '../../../test/helpers/sampling-race.ts';
import { storeSamplingCounty } from '../../../test/helpers/sampling-county.ts';
import { all, column, type DataDoor, get, run, sql, value } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { EXCLUSION_REASONS } from './candidates.ts';
import { demoInspectors } from './demo-pool.ts';
import { drawTask, previewTask, redrawTask } from './draw-service.ts';
import { exportNotice, exportPlan } from './exports.ts';
import { readPlanXlsx } from './plan-xlsx.ts';
import { verifyPlanWorkbook } from './plan-xlsx-verify.ts';
import { completeResults, enterResult, publishTask, reviewTask } from './lifecycle.ts';
import { listInspectors, upsertInspectors, upsertProfiles } from './reference-store.ts';
import { createTask, deadlineOverview, getTask } from './tasks.ts';

const admin: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const supervisor: Actor = { username: 'lead', displayName: '科长', role: 'supervisor' };
const officer: Actor = { username: 'officer', displayName: '执法员', role: 'officer' };
const AT = '2026-11-02T01:00:00.000Z';

forEachEngine(
  'double-random inspections: reference data, draw, lifecycle, results, exports',
  (fresh, engine) => {
    /** The demo county of 400 entities with its inspector pool and a grading run (run 1). */
    const county = (graded = true): DataDoor => {
      const { db } = fresh();
      storeSamplingCounty(db, { entities: 400, seed: 'sampling-test', at: AT, graded });
      return db;
    };

    const task = (over: Record<string, unknown> = {}) => ({
      number: '示范县市监抽〔2026〕3号',
      name: '2026 年第 3 批公示信息抽查',
      items: ['A07'],
      gradingRunId: 1,
      profileId: 'henan-2021',
      startDate: '2026-11-02',
      endDate: '2026-11-20',
      teamSize: 2,
      ...over,
    });

    it('masks personal data and reports certificate validity in the inspector list', () => {
      const db = county();
      const list = listInspectors(db, officer, '2026-11-02');
      expect(list).toHaveLength(12);
      expect(list[0]!.phone).toMatch(/^\*+\d{4}$/);
      expect(list.find((i) => i.employeeNo === 'JC010')!.certValid).toBe(false);
      // Re-importing the same rows changes nothing.
      expect(upsertInspectors(db, admin, demoInspectors('2026-11-02'), AT)).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: 12,
      });
    });

    it('rejects non-monotone profiles and lets only managers edit them', () => {
      const db = county();
      const bad = {
        id: 'bad',
        name: '倒挂',
        classOrder: ['A', 'B'],
        ratios: { enterprise: { A: 500, B: 100, unclassified: 100 } },
      };
      expect(() => upsertProfiles(db, admin, [bad], AT)).toThrow(/不降/);
      expect(() =>
        upsertProfiles(
          db,
          officer,
          [{ ...bad, ratios: { enterprise: { A: 1, B: 2, unclassified: 1 } } }],
          AT,
        ),
      ).toThrow(ApiError);
    });

    it('previews, draws a verifiable plan, locks it, and redraws only with a supervisor and a reason', () => {
      const db = county();
      // Three entities out of business, so the preview has something to report under 非在业.
      run(
        db,
        sql`UPDATE entities SET status = 'revoked' WHERE id IN (SELECT id FROM entities WHERE status = 'active' ORDER BY id DESC LIMIT 3)`,
      );
      const notInBusiness = value<number>(
        db,
        sql`SELECT COUNT(*) FROM entities WHERE status <> 'active' AND coalesce(uscc, reg_no, '') <> ''`,
      )!;
      expect(notInBusiness).toBeGreaterThanOrEqual(3);
      const id = createTask(db, admin, task(), AT);
      const preview = previewTask(db, officer, id);
      expect(preview.total).toBeGreaterThan(0);
      expect(preview.eligibleInspectors).toBe(9); // 12 − expired − inactive − expert
      expect(preview.excluded.find((e) => e.reason === EXCLUSION_REASONS.notActive)?.count).toBe(
        notInBusiness,
      );
      expect(preview.warnings.join('')).not.toMatch(/不在比例方案/);
      expect(() => drawTask(db, officer, id, AT)).toThrow(/无权/);
      const drawn = drawTask(db, admin, id, AT, { expectedDigest: preview.digest });
      expect(drawn.digest).toBe(preview.digest);
      expect(drawn.seed).toMatch(/^[0-9a-f]{64}$/);
      expect(drawn.selected).toBe(preview.total);

      const plan = get<{ plan_file: string }>(
        db,
        sql`SELECT plan_file FROM inspection_plans WHERE id = ${drawn.planId}`,
      )!;
      expect(verifyPlan(parsePlanDocument(JSON.parse(plan.plan_file))).match).toBe(true);

      expect(() => drawTask(db, admin, id, AT)).toThrow(/锁定/);
      expect(() => redrawTask(db, officer, id, '人员调整需要重抽', AT)).toThrow(/无权/);
      expect(() => redrawTask(db, supervisor, id, '', AT)).toThrow(/理由/);
      const again = redrawTask(db, supervisor, id, '两名检查人员临时借调', AT);
      expect(again.planId).not.toBe(drawn.planId);
      const detail = getTask(db, officer, id, '2026-11-02');
      expect(detail.plan?.seq).toBe(2);
      expect(detail.history).toHaveLength(1);
      expect(detail.history[0]).toMatchObject({ digest: drawn.digest, redrawReason: '两名检查人员临时借调' });
      const audit = column<string>(
        db,
        sql`SELECT action FROM audit_log WHERE action LIKE 'sampling.%draw' ORDER BY id`,
      );
      expect(audit).toEqual(['sampling.draw', 'sampling.redraw']);
    });

    it('a draw of a task another officer has drawn meanwhile is refused, saying so; one plan stays', () => {
      const f = fresh();
      storeSamplingCounty(f.db, { entities: 400, seed: 'sampling-test', at: AT, graded: true });
      const id = createTask(f.db, admin, task(), AT);
      const other = f.connectAgain();
      // Both saw the draft; the first one draws.
      expect(previewTask(other, officer, id).total).toBeGreaterThan(0);
      const first = drawTask(f.db, admin, id, AT);
      expect(() => drawTask(other, { ...admin, username: 'li' }, id, AT)).toThrow(
        /该任务已由 admin 抽取，计划已锁定，请刷新查看/,
      );
      expect(column<number>(f.db, sql`SELECT id FROM inspection_plans WHERE task_id = ${id}`)).toEqual([
        first.planId,
      ]);
      expect(getTask(other, officer, id, '2026-11-02').plan?.id).toBe(first.planId);
    });

    if (engine === 'postgres')
      it('two draws of one task at once: the second waits for the first to commit, then is refused', async () => {
        const f = fresh();
        storeSamplingCounty(f.db, { entities: 400, seed: 'sampling-test', at: AT, graded: true });
        const id = createTask(f.db, admin, task(), AT);
        const {
          mine: first,
          theirs: second,
          waitedOn,
        } = await race(
          f.db,
          { url: f.url!, call: 'draw', taskId: id, at: AT, actor: { ...admin, username: 'li' } },
          () => drawTask(f.db, admin, id, AT),
        );
        expect(second).toMatchObject({ ok: false, code: 'conflict' });
        expect(second.ok === false && second.message).toMatch(
          /该任务已由 admin 抽取，计划已锁定，请刷新查看/,
        );
        expect(waitedOn).toEqual(['advisory']);
        expect(second.ms).toBeGreaterThanOrEqual(HELD_MS);
        expect(column<number>(f.db, sql`SELECT id FROM inspection_plans WHERE task_id = ${id}`)).toEqual([
          first.planId,
        ]);
        expect(value<number>(f.db, sql`SELECT current_plan_id FROM inspection_tasks WHERE id = ${id}`)).toBe(
          first.planId,
        );
        expect(column<string>(f.db, sql`SELECT actor FROM audit_log WHERE action = 'sampling.draw'`)).toEqual(
          ['admin'],
        );
      });

    it('honours conflicts: JC001 never inspects the entity it conflicts with', () => {
      const db = county();
      const conflict = value<string>(
        db,
        sql`SELECT entity_code FROM inspector_conflicts WHERE employee_no = 'JC001'`,
      )!;
      // The conflicted entity in business and a profile drawing everyone: it is certainly in the plan.
      run(db, sql`UPDATE entities SET status = 'active' WHERE coalesce(uscc, reg_no) = ${conflict}`);
      const ratios = { A: 10000, B: 10000, C: 10000, D: 10000, unclassified: 10000 };
      upsertProfiles(
        db,
        admin,
        [
          {
            id: 'everyone',
            name: '全部抽取',
            classOrder: ['A', 'B', 'C', 'D'],
            ratios: { enterprise: ratios, cooperative: ratios, individual: ratios, other: ratios },
          },
        ],
        AT,
      );
      const id = createTask(db, admin, task({ profileId: 'everyone' }), AT);
      const drawn = drawTask(db, admin, id, AT);
      const team = value<string>(
        db,
        sql`SELECT team FROM inspection_plan_entries WHERE plan_id = ${drawn.planId} AND code = ${conflict}`,
      );
      expect(team, `${conflict} is not in the plan`).toBeDefined();
      const members = JSON.parse(team!) as string[];
      expect(members).toHaveLength(2);
      expect(members).not.toContain('JC001');
    });

    it('warns when a directed A07 plan is below 3% of the whole pool in business', () => {
      const db = county();
      const id = createTask(
        db,
        admin,
        task({
          directed: true,
          filter: { kinds: ['cooperative'] },
          profileId: 'henan-2021',
          gradingRunId: null,
        }),
        AT,
      );
      const preview = previewTask(db, admin, id);
      expect(preview.warnings.join('')).toMatch(/定向公示信息抽查.*低于 3%/);
      const drawn = drawTask(db, admin, id, AT);
      expect(drawn.warnings.join('')).toMatch(/定向公示信息抽查/);
      expect(getTask(db, admin, id, '2026-11-02').plan?.warnings.join('')).toMatch(/定向公示信息抽查/);
    });

    it('warns when the run has grades the profile does not know, and draws those as unclassified', () => {
      const db = county();
      run(
        db,
        sql`UPDATE grading_results SET grade = '优' WHERE entity_id = (SELECT min(entity_id) FROM grading_results)`,
      );
      const id = createTask(db, admin, task(), AT);
      expect(previewTask(db, admin, id).warnings.join('')).toMatch(/1 户的等级（优）不在比例方案/);
    });

    it('excludes entities in another open plan and those at their yearly cap', () => {
      const db = county();
      // An A-class entity not yet inspected this year reaches 林甸's cap of one inspection a year once it is.
      const a = get<{ id: number }>(
        db,
        sql`SELECT r.entity_id AS id FROM grading_results r JOIN entities e ON e.id = r.entity_id
          WHERE r.grade = 'A' AND e.status = 'active' AND NOT EXISTS (
            SELECT 1 FROM records x WHERE x.entity_id = e.id AND x.type = 'inspection' AND x.date >= '2026-01-01')
          ORDER BY r.entity_id LIMIT 1`,
      )!;
      const first = createTask(db, admin, task({ profileId: 'lindian-2024' }), AT);
      const atCap = () =>
        previewTask(db, admin, first).excluded.find((e) => e.reason.includes('上限'))?.count ?? 0;
      const before = atCap();
      run(
        db,
        sql`INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
          VALUES (${a.id}, 'inspection', '2026-03-01', 'inspection:old:2026-03-01', '{"results":["1"]}', ${AT})`,
      );
      expect(atCap()).toBe(before + 1);
      drawTask(db, admin, first, AT);
      const capped = get(db, sql`SELECT 1 FROM inspection_plan_entries WHERE entity_id = ${a.id}`);
      expect(capped).toBeUndefined();
      const inFirst = new Set(column<number>(db, sql`SELECT entity_id FROM inspection_plan_entries`));
      const second = createTask(db, admin, task({ number: 'N2', profileId: 'lindian-2024' }), AT);
      const preview = previewTask(db, admin, second);
      const open = preview.excluded.find((e) => e.reason.includes('其他未公示'));
      expect(open?.count).toBeGreaterThan(0);
      const drawn = drawTask(db, admin, second, AT);
      const secondIds = column<number>(
        db,
        sql`SELECT entity_id FROM inspection_plan_entries WHERE plan_id = ${drawn.planId}`,
      );
      expect(secondIds.some((id) => inFirst.has(id))).toBe(false);
    });

    it('turns results into inspection records, walks the lifecycle and exports the notice', () => {
      // A result re-grades its entity once a grading run is complete, and the re-grade is the grading
      // area's, which comes to PostgreSQL on its own branch (pg-grading): until it lands, the
      // PostgreSQL run walks the lifecycle without a grading run (grades-follow.ts).
      const graded = engine === 'sqlite';
      const db = county(graded);
      const id = createTask(db, admin, task(graded ? {} : { gradingRunId: null }), AT);
      drawTask(db, admin, id, AT);
      const plan = getTask(db, officer, id, '2026-11-02').plan!;
      const [first, ...rest] = plan.entries;
      const r1 = enterResult(
        db,
        officer,
        id,
        {
          entityId: first!.entityId,
          results: ['通过登记的住所(经营场所)无法联系'],
          checkedOn: '2026-11-05',
          followUp: null,
          note: null,
        },
        AT,
      );
      expect(r1.results).toEqual(['A', '6']);
      expect(r1.followUps.map((f) => f.kind)).toEqual(['abnormal_list']);
      expect(() => completeResults(db, officer, id, AT)).toThrow(/未录入/);
      for (const e of rest)
        enterResult(
          db,
          officer,
          id,
          { entityId: e.entityId, results: ['1'], checkedOn: '2026-11-06', followUp: null, note: null },
          AT,
        );
      // Correcting a result replaces the record instead of adding one.
      enterResult(
        db,
        officer,
        id,
        {
          entityId: first!.entityId,
          results: ['8'],
          checkedOn: '2026-11-07',
          followUp: null,
          note: '拒绝提供账簿',
        },
        AT,
      );
      const recs = all<{ date: string; data: string }>(
        db,
        sql`SELECT date, data FROM records WHERE type = 'inspection' AND entity_id = ${first!.entityId}`,
      );
      const mine = recs.filter((r) => JSON.parse(r.data).plan === '示范县市监抽〔2026〕3号');
      expect(mine).toHaveLength(1);
      expect(JSON.parse(mine[0]!.data)).toMatchObject({
        results: ['8'],
        items: ['A07'],
        followUp: '公示其不予配合情节',
      });

      expect(() => exportNotice(db, officer, id, AT)).toThrow(/审核/);
      completeResults(db, officer, id, AT);
      expect(() => reviewTask(db, officer, id, AT)).toThrow(/无权/);
      reviewTask(db, supervisor, id, AT);
      publishTask(db, supervisor, id, AT);
      expect(deadlineOverview(db, officer, '2026-11-23').find((t) => t.id === id)?.deadline.state).toBe(
        'done',
      );

      const notice = exportNotice(db, officer, id, AT);
      const wb = XLSX.read(Buffer.from(notice.base64, 'base64'), { cellNF: true });
      const ws = wb.Sheets[wb.SheetNames[0]!]!;
      const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1 });
      expect(rows[0]!.slice(0, 5)).toEqual(['序号', '检查实施机关', '类型', '日期', '结果']);
      expect(rows).toHaveLength(plan.entries.length + 1);
      expect(rows[1]).toEqual(
        expect.arrayContaining([DEMO_COUNTY.bureau, '不配合检查情节严重', first!.code]),
      );
      expect(ws.G2?.t).toBe('s');
      expect(ws.G2?.z).toBe('@');
      // A hostile name cannot run as a formula in Excel or WPS.
      run(
        db,
        sql`UPDATE entities SET name = ${'=HYPERLINK("http://x","点我")'} WHERE id = ${first!.entityId}`,
      );
      const hostile = XLSX.read(Buffer.from(exportNotice(db, officer, id, AT).base64, 'base64'), {
        cellFormula: true,
      });
      const h2 = hostile.Sheets[hostile.SheetNames[0]!]!.H2!;
      expect(h2.f).toBeUndefined();
      expect(h2.v).toBe('\'=HYPERLINK("http://x","点我")');

      const planFile = exportPlan(db, officer, id, AT);
      // The exported workbook is the verifiable plan file, with a sheet of names added for people.
      const bytes = Buffer.from(planFile.base64, 'base64');
      const back = readPlanXlsx(bytes);
      expect(back.digest).toBe(plan.digest);
      expect(verifyPlan(back).match).toBe(true);
      // Every cell, the names sheet included, agrees with what the plan's inputs give.
      expect(verifyPlanWorkbook(bytes).differences).toEqual([]);
      const names = XLSX.utils.sheet_to_json<string[]>(XLSX.read(bytes).Sheets.检查对象和人员!, {
        header: 1,
      });
      expect(names.flat()).toContain(first!.code);
      expect(names.flat()).toContain(rest[0]!.name);
    });

    it('warns about plans near or past their publication deadline', () => {
      const db = county();
      const id = createTask(db, admin, task({ endDate: '2026-11-06' }), AT);
      drawTask(db, admin, id, AT);
      // 20 working days after Fri 2026-11-06 is Fri 2026-12-04.
      const near = deadlineOverview(db, officer, '2026-12-01').find((t) => t.id === id)!;
      expect(near.deadline).toMatchObject({ deadline: '2026-12-04', state: 'near', workingDaysLeft: 3 });
      expect(deadlineOverview(db, officer, '2026-12-07').find((t) => t.id === id)!.deadline.state).toBe(
        'overdue',
      );
    });
  },
);
