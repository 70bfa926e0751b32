/**
 * Issue 10 items 3 and 4 in the real app: a drawn plan is exported from the plan page; (4) edited cells of
 * that workbook make `creditdesk sample verify` say mismatch and name the cell; (3) a results file for the
 * plan's entities (plus one outside the plan and one conflicting with a typed result) imported through
 * 数据交换 fills the plan — the preview shows the warning and the conflict, the remaining count drops —
 * and undoing the batch empties those rows again.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { type AppSession, openAppSession } from './app-session.ts';
import { callInPage } from './pages/api-in-page.ts';
import { ExchangePage } from './pages/exchange-page.ts';
import { SamplingPage } from './pages/sampling-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';
import { type DrawnTask, drawnTask, localDay, openTaskPlan } from './sampling-fixtures.ts';

const PASSWORD = '示范县-admin-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

type Rows = (string | number)[][];
const sheetRows = (wb: XLSX.WorkBook, name: string): Rows =>
  XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[name]!, { header: 1, defval: '', blankrows: true });

interface Verdict {
  code: number | null;
  out: { match: boolean; differences: string[]; cells: { sheet: string; cell: string; what: string }[] };
}

/** `creditdesk sample verify FILE --json`, the command line as an officer or a witness runs it. */
function verify(file: string): Verdict {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', 'sample', 'verify', file, '--json'], {
    encoding: 'utf8',
  });
  return { code: r.status, out: JSON.parse(r.stdout) };
}

/** The plan page's 导出抽查计划 file, saved under `dir` and read. */
async function exportPlan(
  page: Page,
  dir: string,
  tag: string,
): Promise<{ file: string; wb: XLSX.WorkBook }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-plan').click(),
  ]);
  // Each test exports its own task's plan: the tag keeps the files apart.
  const file = join(dir, `${tag}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { file, wb: XLSX.read(readFileSync(file)) };
}

interface ExportedPlan {
  task: DrawnTask;
  file: string;
  wb: XLSX.WorkBook;
}

/** A drawn task whose first entity has a typed result (未发现问题), its plan open and exported. */
async function exportedPlan(page: Page, dir: string): Promise<ExportedPlan> {
  const task = await drawnTask(page);
  await callInPage(page, 'sampling.results.enter', {
    taskId: task.taskId,
    entityId: task.entityIds[0]!,
    results: ['1'],
    checkedOn: localDay(0),
  });
  await openTaskPlan(page, task);
  return { task, ...(await exportPlan(page, dir, `task-${task.taskId}`)) };
}

describe('a drawn plan: exported file verified cell by cell, imported results fill it and undo empties it', () => {
  let page: Page;
  let app: AppSession;
  let dir: string;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 3000,
      demoSeed: 'e2e-plan-results',
      viewport: { width: 1366, height: 860 },
      acceptDownloads: true,
      browserErrors,
      firstAdmin: { displayName: '李科长', password: PASSWORD },
    });
    ({ page, dir } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  const sampling = () => new SamplingPage(page);
  const remaining = async () => {
    const text = (await page.getByTestId('results-complete').textContent()) ?? '';
    return Number(/还剩 (\d+) 户/.exec(text)?.[1] ?? 0);
  };

  // Each test starts from its own task, drawn through the API (sampling-fixtures.ts): any one runs alone.

  it('creates a task, draws, types one result and exports the plan file', async () => {
    await new Shell(page).open('双随机抽查');
    await sampling().tab('inspectors');
    await sampling().addDemoInspectors();
    await sampling().tab('tasks');
    await sampling().startWizard();
    await sampling().next();
    await sampling().directedTo('农民专业合作社');
    await sampling().next();
    await sampling().chooseProfile('林甸县 2024（各档上限）');
    await sampling().next();
    await page.getByTestId('wizard-preview').waitFor();
    await sampling().draw();
    await sampling().openPlan();
    const total = await sampling().entries().count();
    expect(total).toBeGreaterThanOrEqual(5);
    await sampling().focusResults();
    await sampling().enterResultByKeyboard(['1']); // 未发现问题 for the first entity
    await expect.poll(remaining).toBe(total - 1);

    const { file: planFile, wb: planWb } = await exportPlan(page, dir, 'wizard');
    expect(planWb.SheetNames).toContain('检查对象和人员');
    expect(verify(planFile)).toMatchObject({ code: 0, out: { match: true, differences: [] } });
  });

  it('names the cell of every kind of edit to the exported plan file (issue 10 item 4)', async () => {
    const { file: planFile, wb: planWb } = await exportedPlan(page, dir);
    const plan = sheetRows(planWb, '抽查计划');
    const people = sheetRows(planWb, '检查对象和人员');
    const firstEntry = plan.findIndex((r) => r[0] === 1);
    const firstPerson = people.findIndex((r) => r[0] === 1);
    const strata = plan.findIndex((r) => r[0] === '主体类型') + 1;
    const label = (name: string) => plan.findIndex((r) => r[0] === name);
    const staffed = plan.findIndex((r, i) => i >= firstEntry && r[5] !== '');
    const edits: { sheet: string; r: number; c: number; value: string | number; what: RegExp }[] = [
      { sheet: '抽查计划', r: staffed, c: 5, value: '冒名顶替', what: /^主检姓名/ },
      { sheet: '抽查计划', r: staffed, c: 7, value: '张三、李四', what: /^检查人员姓名/ },
      { sheet: '抽查计划', r: staffed, c: 6, value: 'JC999、JC998', what: /^检查人员（抽取顺序）/ },
      { sheet: '检查对象和人员', r: firstPerson, c: 2, value: '另一家合作社', what: /^市场主体名称/ },
      {
        sheet: '检查对象和人员',
        r: firstPerson,
        c: 1,
        value: '93000000MA0000000X',
        what: /^统一社会信用代码/,
      },
      { sheet: '抽查计划', r: strata, c: 3, value: 999, what: /^抽取数 k$/ },
      { sheet: '抽查计划', r: label('随机种子'), c: 1, value: 'ab'.repeat(32), what: /^随机种子$/ },
      { sheet: '抽查计划', r: label('承诺摘要'), c: 1, value: 'cd'.repeat(32), what: /^承诺摘要$/ },
    ];
    for (const e of edits) {
      const wb = XLSX.read(readFileSync(planFile));
      const ref = XLSX.utils.encode_cell({ r: e.r, c: e.c });
      wb.Sheets[e.sheet]![ref] =
        typeof e.value === 'number' ? { t: 'n', v: e.value } : { t: 's', v: e.value };
      const edited = join(dir, `edited-${e.sheet}-${ref}.xlsx`);
      writeFileSync(edited, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
      const v = verify(edited);
      expect(v.code, `${e.sheet} ${ref}`).toBe(1);
      expect(v.out.match).toBe(false);
      const named = v.out.cells.find((d) => d.sheet === e.sheet && d.cell === ref);
      expect(named?.what, `${e.sheet} ${ref}`).toMatch(e.what);
      expect(v.out.differences.join('\n')).toContain(`${e.sheet} ${ref}（`);
    }
  });

  it('imports results that fill the plan, shows the outsider and the conflict, and undo empties them (item 3)', async () => {
    const { task, wb: planWb } = await exportedPlan(page, dir);
    const plan = sheetRows(planWb, '抽查计划');
    const number = String(plan.find((r) => r[0] === '任务编号')![1]);
    // Checked on the task's first day (a result may not predate the task).
    const checkedOn = String(plan.find((r) => r[0] === '检查期间')![1]).slice(0, 10);
    const selected = plan.filter((r) => typeof r[0] === 'number').map((r) => String(r[1]));
    const inPlan = new Set(selected);
    const outsider = sheetRows(planWb, '候选名单')
      .slice(1)
      .map((r) => String(r[2]))
      .find((id) => !inPlan.has(id))!;
    // The typed first entity is the conflict; the last three stay open so the count cannot reach 0 by accident.
    const filling = selected.slice(1, selected.length - 3);
    expect(filling.length).toBeGreaterThan(0);
    // The plan is on screen (exportedPlan opened it).
    const before = await remaining();
    const file = join(dir, '抽查检查结果.xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['统一社会信用代码', '抽查任务', '检查日期', '检查结果'],
        ...filling.map((code) => [code, number, checkedOn, '未发现问题']),
        [outsider, number, checkedOn, '未发现问题'],
        [selected[0]!, number, checkedOn, '发现问题经责令已改正'],
      ]),
      '检查结果',
    );
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));

    await new Shell(page).open('数据交换');
    const x = new ExchangePage(page);
    await x.chooseKind('抽查检查结果');
    await x.readAndValidate(file);
    await expect.poll(() => x.previewCount('errors').textContent(), POLL).toBe('1');
    await expect.poll(() => x.previewCount('warnings').textContent(), POLL).toBe('1');
    await expect.poll(() => x.previewCount('inserted').textContent(), POLL).toBe(String(filling.length + 1));
    const rows = x.previewRows();
    const conflict = rows.filter({ hasText: '与已录入的检查结果冲突' });
    await expect.poll(() => conflict.textContent(), POLL).toMatch(/已录入「未发现问题」.*不会被覆盖/);
    const warning = rows.filter({ hasText: '不在抽查任务' });
    await expect.poll(() => warning.textContent(), POLL).toContain(number);
    await conflict.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'plan-results-preview.png'), fullPage: true });
    await x.commit();
    await expect.poll(() => x.resultCount('inserted').textContent(), POLL).toBe(String(filling.length + 1));

    const openPlan = () => openTaskPlan(page, task);
    await openPlan();
    await expect.poll(remaining).toBe(before - filling.length);
    expect(before - filling.length).toBe(3);
    await page.screenshot({ path: join(SCREENSHOTS, 'plan-results-filled.png'), fullPage: true });

    await new Shell(page).open('数据交换');
    await x.openTab('history');
    const batchRow = page.getByTestId('import-history').locator('tbody tr').first();
    await expect.poll(() => batchRow.textContent(), POLL).toContain('抽查检查结果.xlsx');
    const batchId = Number(await batchRow.locator('td').first().textContent());
    await x.undo(batchId);
    await openPlan();
    await expect.poll(remaining).toBe(before);
    expect(browserErrors).toEqual([]);
  });
});
