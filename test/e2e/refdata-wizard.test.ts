/**
 * Issue 10 items 5–7 in the browser: the inspector template and import (单位工号, 执法证有效期), the
 * manual inspector form's checks, 回避 picked by name and refused for bad or unknown codes (form and
 * import), and the task wizard (county model's newest run by default, 定向/不定向 as two options,
 * rejected 手工排除 lines listed, confirmations before 确认抽取 and 确认公示).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { type AppSession, openAppSession } from './app-session.ts';
import { ExchangePage } from './pages/exchange-page.ts';
import { SamplingPage } from './pages/sampling-page.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const PASSWORD = '示范县-admin-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';
/** 18 characters of the right shape whose check character fails; no entity has it (issue 10 item 6). */
const BAD_CHECK = '914104226167423280';
const COLUMNS = [
  '单位工号',
  '姓名',
  '性别',
  '身份证号',
  '手机号',
  '单位/科室',
  '岗位类别',
  '执法证号',
  '执法证有效期',
  '专业资格',
  '状态',
];

function writeXlsx(path: string, rows: unknown[][]): string {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '人员名录库');
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return path;
}

function firstRow(path: string): string[] {
  const wb = XLSX.read(readFileSync(path));
  return (
    XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, defval: '' })[0] ?? []
  );
}

interface EntityRow {
  id: number;
  code: string;
  name: string;
}
interface PlanEntry {
  entityId: number;
  code: string;
  team: { employeeNo: string; name: string }[];
}

describe('reference data and the task wizard (issue 10 items 5–7)', () => {
  let page: Page;
  let app: AppSession;
  let dir: string;
  const browserErrors: string[] = [];
  let entities: EntityRow[] = [];

  /** The typed API as the app calls it (used only for set-up the test is not about). */
  const apiCall = <T>(method: string, input: unknown): Promise<T> =>
    page.evaluate(
      async ([m, i]) => {
        const token = sessionStorage.getItem('creditdesk.token') ?? '';
        const res = await fetch(`/api/${m}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(i),
        });
        const env = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
        if (!env.ok) throw new Error(JSON.stringify(env.error));
        return env.value;
      },
      [method, input] as const,
    ) as Promise<T>;

  beforeAll(async () => {
    app = await openAppSession({
      dataSubdir: 'data',
      demoEntities: 3000,
      demoSeed: 'e2e-refdata',
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
      browserErrors,
      firstAdmin: { displayName: '李科长', password: PASSWORD },
    });
    ({ page, dir } = app);
    entities = (
      await apiCall<{ rows: EntityRow[] }>('entities.search', { query: '', status: 'active', limit: 5 })
    ).rows;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  const sampling = () => new SamplingPage(page);
  const x = () => new ExchangePage(page);
  const chooseOption = async (testId: string, option: string) => {
    await page.getByTestId(testId).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  it('item 5: the inspector template has the production columns; an import keeps 单位工号 and validity', async () => {
    await new Shell(page).open('数据交换');
    await x().openTab('export');
    await chooseOption('export-kind', '空白导入模板');
    await chooseOption('export-template-kind', '执法检查人员');
    const template = await x().download('export-run');
    const templatePath = join(dir, template.suggestedFilename());
    await template.saveAs(templatePath);
    expect(firstRow(templatePath).map((h) => h.replace('*', ''))).toEqual(COLUMNS);

    const file = writeXlsx(join(dir, '执法人员.xlsx'), [
      COLUMNS,
      [
        'GH001',
        '张三',
        '男',
        '11010519491231002X',
        '13800138001',
        '城关市场监管所',
        '工商行政管理类',
        'ZF-001',
        '2030-12-31',
        '',
        '有效',
      ],
      [
        'GH002',
        '李四',
        '女',
        '',
        '13800138002',
        '城关市场监管所',
        '工商行政管理类',
        'ZF-002',
        '2025-01-31',
        '',
        '有效',
      ],
      [
        'GH003',
        '王五',
        '男',
        '',
        '13800138003',
        '东风市场监管所',
        '工商行政管理类',
        'ZF-003',
        '9999-09-09',
        '',
        '有效',
      ],
      [
        'GH004',
        '赵六',
        '女',
        '',
        '13800138004',
        '东风市场监管所',
        '食品药品管理类',
        'ZF-004',
        '2031-06-30',
        '药品检查员',
        '有效',
      ],
    ]);
    await x().openTab('import');
    await chooseOption('import-kind', '执法检查人员');
    await x().readAndValidate(file);
    await expect.poll(() => x().previewCount('errors').textContent(), POLL).toBe('0');
    await x().commit();
    await expect.poll(() => x().resultCount('inserted').textContent(), POLL).toBe('4');

    await new Shell(page).open('双随机抽查');
    await sampling().tab('inspectors');
    await sampling().inspectorRows().first().waitFor();
    const rows = await sampling().inspectorRows().allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^GH001张三（男）/);
    expect(rows[0]).toContain('ZF-001，有效期至 2030-12-31');
    expect(rows[1]).toContain('ZF-002，有效期至 2025-01-31已过期');
    expect(rows[2]).toContain('ZF-003，长期有效');
    expect(rows[3]).toContain('药品检查员');
    await page.screenshot({ path: join(SCREENSHOTS, 'refdata-inspectors.png'), fullPage: true });
  });

  it('item 5: the manual form shows every error at once in Chinese, has gender and post, warns on an ID check digit', async () => {
    await page.getByTestId('inspector-add').click();
    const form = page.getByTestId('inspector-form');
    await form.waitFor();
    await form.getByLabel('性别').waitFor();
    await form.getByLabel('岗位类别').waitFor();
    await form.getByLabel('身份证号').fill('12345');
    await form.getByLabel('手机号').fill('1.38E+10');
    await page.getByTestId('inspector-save').click();
    const errors = page.getByTestId('inspector-form-errors');
    await errors.waitFor();
    await expect
      .poll(() => errors.locator('li').allTextContents(), POLL)
      .toEqual([
        '请填写单位工号',
        '请填写姓名',
        '「12345」不是 18 位居民身份证号',
        expect.stringMatching(/^电话号码「1\.38E\+10」被 Excel 当作数字处理过/),
      ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'refdata-inspector-form-errors.png') });

    await form.getByLabel('单位工号').fill('GH005');
    await form.getByLabel('姓名').fill('孙七');
    await form.getByLabel('性别').click();
    await page.getByRole('option', { name: '女', exact: true }).click();
    await form.getByLabel('岗位类别').fill('质量技术监督类');
    await form.getByLabel('身份证号').fill('110105194912310021');
    await form.getByLabel('手机号').fill('13800138005');
    await form.getByLabel('状态').click();
    await page.getByRole('option', { name: '失效', exact: true }).click();
    await page.getByTestId('inspector-save').click();
    await expect
      .poll(() => page.getByTestId('inspector-form-warnings').textContent(), POLL)
      .toContain('校验位应为 X');
    await expect.poll(() => page.getByTestId('inspector-save').textContent(), POLL).toBe('核对无误，保存');
    await page.getByTestId('inspector-save').click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(() => sampling().inspectorRows().count()).toBe(5);
    const added = await sampling().inspectorRows().nth(4).textContent();
    expect(added).toMatch(/^GH005孙七（女）/);
    expect(added).toContain('质量技术监督类');
    expect(added).toContain('失效');
  });

  it('item 6: 回避 is picked by name, bad or unknown codes are refused, and the list shows names', async () => {
    const [target] = entities;
    await sampling().tab('conflicts');
    await chooseOption('conflict-inspector', '张三（GH001）');
    const picker = page.getByTestId('conflict-entity');

    await picker.fill(BAD_CHECK);
    await page.getByTestId('conflict-add').click();
    await expect
      .poll(() => page.getByTestId('conflict-error').textContent(), POLL)
      .toMatch(/^主体库中没有代码为 914104226167423280 的主体（校验位应为 .，实际为 0/);
    await page.screenshot({ path: join(SCREENSHOTS, 'refdata-conflict-refused.png') });
    await picker.fill('91330100');
    await page.getByTestId('conflict-add').click();
    await expect
      .poll(() => page.getByTestId('conflict-error').textContent(), POLL)
      .toMatch(/^主体代码「91330100」无效：长度为 8 位/);

    await picker.fill(target!.name);
    await page.getByRole('option', { name: `${target!.name}（${target!.code}）` }).click();
    await page.getByTestId('conflict-reason').fill('近亲属任法定代表人');
    await page.getByTestId('conflict-add').click();
    const row = page.getByTestId('conflict-row').first();
    await row.waitFor();
    await expect
      .poll(() => row.textContent(), POLL)
      .toBe(`张三GH001${target!.name}${target!.code}近亲属任法定代表人×`);
    await page.screenshot({ path: join(SCREENSHOTS, 'refdata-conflicts.png'), fullPage: true });
  });

  it('item 6: a conflict import gets the same checks', async () => {
    const other = entities[1]!;
    const file = writeXlsx(join(dir, '回避.xlsx'), [
      ['执法人员姓名', '单位工号', '统一社会信用代码', '回避原因'],
      ['王五', 'GH003', BAD_CHECK, '同学'],
      ['王五', 'GH003', other.code, '曾在该企业任职'],
    ]);
    await new Shell(page).open('数据交换');
    await x().openTab('import');
    await chooseOption('import-kind', '回避关系');
    await x().readAndValidate(file);
    await expect.poll(() => x().previewCount('errors').textContent(), POLL).toBe('1');
    await x().filter(/^错误/);
    await expect
      .poll(() => x().previewRows().first().textContent(), POLL)
      .toContain(`主体库中没有代码为 ${BAD_CHECK} 的主体`);
    await x().commit();
    await expect.poll(() => x().resultCount('inserted').textContent(), POLL).toBe('1');
    await new Shell(page).open('双随机抽查');
    await sampling().tab('conflicts');
    await expect.poll(() => page.getByTestId('conflict-row').count()).toBe(2);
    await expect
      .poll(() => page.getByTestId('conflicts-table').textContent(), POLL)
      .toContain(`王五GH003${other.name}${other.code}`);
  });

  it('item 7: without a run of the county model the wizard warns; 定向/不定向 is two options; bad 手工排除 lines are listed', async () => {
    await sampling().tab('tasks');
    await sampling().startWizard();
    await sampling().next();
    const mode = page.getByTestId('wizard-directed');
    await expect.poll(() => mode.locator('input[type="radio"]').count(), POLL).toBe(2);
    await expect.poll(() => mode.textContent(), POLL).toBe('不定向抽查定向抽查');
    await sampling().chooseMode('定向抽查');
    await page.getByTestId('wizard-kinds').waitFor();
    await sampling().chooseMode('不定向抽查');
    await page.getByTestId('wizard-kinds').waitFor({ state: 'detached' });

    const [a, b] = entities;
    await page
      .getByTestId('wizard-exclusions')
      .fill(
        [`${a!.code} 正在立案调查`, `${BAD_CHECK} 已迁出`, '91330100ABC 代码写错', `${b!.code}`].join('\n'),
      );
    await sampling().next();
    const rejected = page.getByTestId('wizard-exclusions-rejected');
    await rejected.waitFor();
    const lines = await rejected.locator('li').allTextContents();
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(`^第 2 行「${BAD_CHECK} 已迁出」：主体库中没有代码为 ${BAD_CHECK} 的主体`),
    );
    expect(lines[1]).toMatch(/^第 3 行「91330100ABC 代码写错」：主体代码「91330100ABC」无效/);
    expect(lines[2]).toBe(`第 4 行「${b!.code}」：没有写排除理由（每行：代码 理由）`);
    await page.screenshot({ path: join(SCREENSHOTS, 'refdata-wizard-exclusions.png'), fullPage: true });

    await page.getByTestId('wizard-exclusions').fill(`${a!.code} 正在立案调查`);
    await sampling().next();
    await page.getByTestId('wizard-run-warning').waitFor();
    await expect
      .poll(() => page.getByTestId('wizard-run-warning').textContent(), POLL)
      .toContain('「企业信用风险分类（县局默认模型）」还没有运行过评价');
    await expect
      .poll(() => page.getByTestId('wizard-run').inputValue(), POLL)
      .toBe('不使用评价结果（全部按未分类）');
    await page.screenshot({ path: join(SCREENSHOTS, 'refdata-wizard-no-run.png'), fullPage: true });
    await page.getByTestId('wizard-cancel').click();
  });

  it('item 7 (and 5): defaults to the newest samr-risk run; 确认抽取 asks first; the expired inspector is never drawn', async () => {
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    for (const asOf of ['2026-01-31', today])
      await apiCall('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf });
    await sampling().startWizard();
    await sampling().next();
    await page.getByTestId('wizard-exclusions').fill(`${entities[0]!.code} 正在立案调查`);
    await sampling().next();
    await page.getByTestId('wizard-profile').waitFor();
    await expect
      .poll(() => page.getByTestId('wizard-run').inputValue(), POLL)
      .toMatch(new RegExp(`^第 2 批：企业信用风险分类（县局默认模型），评价基准日 ${today}，.* 户（最新）$`));
    await expect.poll(() => page.getByTestId('wizard-run-warning').count(), POLL).toBe(0);
    await sampling().next();
    await page.getByTestId('wizard-preview').waitFor();
    await expect
      .poll(() => page.getByTestId('wizard-preview').textContent(), POLL)
      .toContain('符合条件的检查人员 3 名');
    const total = Number(await page.getByTestId('preview-total').textContent());
    expect(total).toBeGreaterThan(0);

    await page.getByTestId('wizard-draw').click();
    await sampling().confirmDialog().waitFor();
    const text = await page.getByTestId('confirm-text').textContent();
    expect(text).toContain(`随机抽取 ${total.toLocaleString('zh-CN')} 户`);
    expect(text).toContain('立即锁定');
    // A trial click waits until the dialog has finished fading in.
    await page.getByTestId('confirm-ok').click({ trial: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'refdata-confirm-draw.png') });
    await page.getByTestId('confirm-cancel').click();
    await sampling().confirmDialog().waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('draw-result').count(), POLL).toBe(0);
    await sampling().draw();
    await sampling().openPlan();

    const tasks = await apiCall<{ tasks: { id: number }[] }>('sampling.tasks.list', {});
    const taskId = Math.max(...tasks.tasks.map((t) => t.id));
    const detail = await apiCall<{ plan: { entries: PlanEntry[] } }>('sampling.tasks.get', { taskId });
    const drawnInspectors = new Set(detail.plan.entries.flatMap((e) => e.team.map((m) => m.employeeNo)));
    expect([...drawnInspectors].sort()).toEqual(['GH001', 'GH003', 'GH004']);
    expect(detail.plan.entries.some((e) => e.code === entities[0]!.code)).toBe(false);
    // Results (set-up through the API), then 确认公示 asks first and names what it does.
    for (const e of detail.plan.entries)
      await apiCall('sampling.results.enter', {
        taskId,
        entityId: e.entityId,
        results: ['1'],
        checkedOn: today,
      });
    await apiCall('sampling.results.complete', { taskId });
    await apiCall('sampling.tasks.review', { taskId });
    await page.getByTestId('plan-back').click();
    await page.getByTestId('task-row').first().click();
    await page.getByTestId('plan-view').waitFor();
    await page.getByTestId('task-publish').click();
    await sampling().confirmDialog().waitFor();
    const publishText = await page.getByTestId('confirm-text').textContent();
    expect(publishText).toContain(`的 ${detail.plan.entries.length} 户检查结果将作为公示定稿`);
    expect(publishText).toContain('检查结果不能再修改');
    // A trial click waits until the dialog has finished fading in.
    await page.getByTestId('confirm-ok').click({ trial: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'refdata-confirm-publish.png') });
    await page.getByTestId('confirm-cancel').click();
    await expect.poll(() => sampling().status().textContent(), POLL).toBe('已审核');
    await sampling().action('task-publish');
    await expect.poll(() => sampling().status().textContent()).toBe('已公示');
    expect(browserErrors).toEqual([]);
  });
});
