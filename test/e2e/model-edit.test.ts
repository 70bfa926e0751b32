/**
 * Issue 11 item 6 in the browser: an administrator opens the county's default model, changes a band
 * threshold and an indicator's points and cap, sees the problems of a wrong entry in Chinese on the fields
 * named as the form names them, saves a new version, finds the change in the audit log, and the next
 * grading run uses the new values. A 科室负责人 sees the button disabled and the backend refuses them.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { editableValues } from '../../shared/grading/model-edit.ts';
import { parseModelText } from '../../shared/grading/schema.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import type { RunningServer } from './harness.ts';
import { GradingPage } from './pages/grading-page.ts';
import { LoginPage } from './pages/login-page.ts';
import { ModelForm } from './pages/model-form.ts';
import { Shell } from './pages/shell.ts';
import { POLL } from './retry.ts';

const PASSWORD = 'model-form-e2e-2026';
const BOSS_PASSWORD = 'boss-model-form-2026';
const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';
const MODEL_NAME = /企业信用风险分类/;

/** Calls the API as the logged-in user of the page; answers the value or the error code. */
async function call<T>(
  page: Page,
  method: string,
  input: unknown,
): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  return page.evaluate(
    async ([m, body]) => {
      const token = sessionStorage.getItem('creditdesk.token') ?? '';
      const res = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const r = (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
      return r.ok
        ? { ok: true as const, value: r.value as never }
        : { ok: false as const, code: r.error?.code ?? '?' };
    },
    [method, input] as const,
  );
}

async function value<T>(page: Page, method: string, input: unknown): Promise<T> {
  const r = await call<T>(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value;
}

interface Line {
  kind: string;
  points: number | null;
}

const MODEL_ID = 'samr-risk';
const AS_OF = '2026-10-31';

declare const window: { location: { hash: string } };

/**
 * Opens 信用评价 → 评价模型 with the newest version of the county's model chosen. Going through another
 * page first remounts the grading page, so a form another test left open is gone.
 */
async function openModels(page: Page): Promise<GradingPage> {
  const go = (to: string) =>
    page.evaluate((hash) => {
      window.location.hash = hash;
    }, to);
  await go('#/admin');
  await page.getByTestId('admin-tab-audit').waitFor();
  await go('#/grading/models');
  const grading = new GradingPage(page);
  await grading.modelDetail().waitFor();
  await new ModelForm(page).choose(MODEL_NAME);
  return grading;
}

/** A grading run of the given model version, finished (runs go on in the background). */
async function finishedRun(page: Page, version: string): Promise<number> {
  const { run } = await value<{ run: { id: number } }>(page, 'grading.run', {
    modelId: MODEL_ID,
    modelVersion: version,
    asOf: AS_OF,
  });
  await expect
    .poll(
      async () => {
        const { runs } = await value<{ runs: { id: number; status: string }[] }>(page, 'grading.runs', {});
        return runs.find((r) => r.id === run.id)?.status;
      },
      { timeout: 120_000, interval: 250 },
    )
    .toBe('complete');
  return run.id;
}

/**
 * Version 1.0.1 of the county's model with the change the form test saves (B from 900, a penalty 100
 * each up to 400), saved through the API when no earlier test saved it through the form.
 */
async function editedModel(page: Page): Promise<void> {
  const { json, summary } = await value<{ json: string; summary: { version: string } }>(page, 'models.get', {
    id: MODEL_ID,
    version: null,
  });
  if (summary.version === '1.0.1') return;
  const parsed = parseModelText(json);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const edit = editableValues(parsed.model);
  edit.thresholds[1] = 900;
  edit.indicators = edit.indicators.map((i) => (i.id === 'penalty' ? { ...i, points: 100, cap: 400 } : i));
  await value(page, 'models.edit', { id: MODEL_ID, baseVersion: summary.version, ...edit });
}

describe('the model form in the browser', () => {
  let server: RunningServer;
  let page: Page;
  let app: AppSession;
  const browserErrors: string[] = [];

  beforeAll(async () => {
    const demoCounty = async (dir: string) => {
      const quiet = { out: () => undefined, err: (l: string) => browserErrors.push(`cli: ${l}`) };
      const code = await main(
        ['demo', '--db', join(dir, 'creditdesk.db'), '--entities', '1500', '--seed', 'e2e-model-form'],
        { ...quiet, env: { CREDITDESK_PASSWORD: PASSWORD } },
      );
      expect(code).toBe(0);
    };
    app = await openAppSession({
      prepare: demoCounty,
      viewport: { width: 1366, height: 900 },
      browserErrors,
      // The supervisor's refused save is expected to log a 403.
      ignoreConsole: /403/,
    });
    ({ server, page } = app);
    await page.goto(server.url);
    await new LoginPage(page).login('admin', PASSWORD);
    await new Shell(page).nav().waitFor({ timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  // Each test starts from its own state, made through the API: any one runs alone.

  it('shows the problems of a wrong entry in Chinese on the fields, in the form’s words', async () => {
    const grading = await openModels(page);
    const form = new ModelForm(page);
    await grading.modelDetail().getByText('版本 1.0.0').waitFor();
    await form.open();
    await expect.poll(() => form.threshold('B').inputValue(), POLL).toBe('850');
    await expect.poll(() => form.points('penalty').inputValue(), POLL).toBe('60');
    await form.set(form.threshold('B'), '960'); // above A's 950: B would be empty
    await form.set(form.cap('penalty'), '30'); // below one penalty's 60
    await form.save();
    await form.errors().waitFor();
    const text = (await form.errors().textContent()) ?? '';
    expect(text).toContain('等级 B（信用风险一般）的下限：应低于等级 A 的下限（950 分）');
    expect(text).toContain('指标“公示期内的行政处罚”的封顶：封顶 30 小于单次分值 60');
    expect(text).not.toMatch(/bands|indicators|\[\d\]/);
    // Each message also stands under its own field.
    await expect
      .poll(() => form.dialog().getByText('封顶 30 小于单次分值 60').count(), POLL)
      .toBeGreaterThanOrEqual(2);
    await form.errors().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'model-form-errors.png'), animations: 'disabled' });
    await form.threshold('B').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'model-form-field-error.png'), animations: 'disabled' });
    // Nothing was saved.
    const models = await value<{ models: { id: string }[] }>(page, 'models.list', {});
    expect(models.models.filter((m) => m.id === 'samr-risk')).toHaveLength(1);
  });

  it('saves the change as a new version, which the audit log records', async () => {
    await openModels(page);
    const form = new ModelForm(page);
    await form.open();
    await form.set(form.threshold('B'), '900');
    await form.set(form.points('penalty'), '100');
    await form.set(form.cap('penalty'), '400');
    await form.save();
    await form.saved().waitFor();
    await expect.poll(() => form.saved().textContent(), POLL).toMatch(/企业信用风险分类.*第 1\.0\.1 版/);
    await expect.poll(() => form.dialog().count(), POLL).toBe(0);
    const grading = new GradingPage(page);
    await grading.modelDetail().getByText('版本 1.0.1').waitFor();
    await expect
      .poll(() => grading.modelDetail().getByTestId('model-bands').textContent(), POLL)
      .toMatch(/900/);
    await page.screenshot({ path: join(SCREENSHOTS, 'model-form-saved.png'), fullPage: true });

    await new Shell(page).open('系统管理');
    await page.getByTestId('admin-tab-audit').click();
    const row = page.getByTestId('audit-row').filter({ hasText: '修改评价模型' });
    await row.first().waitFor();
    const audit = (await row.first().textContent()) ?? '';
    expect(audit).toContain('等级 B（信用风险一般）的下限：850 → 900');
    expect(audit).toContain('指标“公示期内的行政处罚”的每次分值：60 → 100');
    expect(audit).toContain('指标“公示期内的行政处罚”的封顶：240 → 400');
  });

  it('a grading run with the new version uses the new values', async () => {
    // A run with the model as shipped, to compare with; then the edited version.
    const olderId = await finishedRun(page, '1.0.0');
    await editedModel(page);
    await new Shell(page).open('信用评价');
    const grading = new GradingPage(page);
    await grading.runGrading(AS_OF);
    type Runs = { runs: { id: number; modelVersion: string; status: string }[] };
    // The run started by the click is the newest one, listed first, once it has finished.
    await expect
      .poll(async () => (await value<Runs>(page, 'grading.runs', {})).runs[0], { ...POLL, timeout: 60_000 })
      .toMatchObject({ status: 'complete', modelVersion: '1.0.1' });
    const { runs } = await value<Runs>(page, 'grading.runs', {});
    const [newer] = runs;
    const older = runs.find((r) => r.id === olderId);
    expect(newer?.modelVersion).toBe('1.0.1');
    expect(older?.modelVersion).toBe('1.0.0');
    const results = await value<{ rows: { entityId: number; score: number | null }[] }>(
      page,
      'grading.results',
      {
        runId: newer!.id,
        grade: null,
        offset: 0,
        limit: 500,
      },
    );
    let penalties = 0;
    let between = 0;
    for (const r of results.rows) {
      const [before, after] = await Promise.all(
        [older!.id, newer!.id].map((runId) =>
          value<{ scoreGrade: string | null; lines: Line[] }>(page, 'grading.explain', {
            runId,
            entityId: r.entityId,
          }),
        ),
      );
      // The indicator lines are in the model's order in both runs: a penalty line of −60 × n is −100 × n
      // (up to the new cap) now.
      const was = before!.lines.filter((l) => l.kind === 'indicator');
      const now = after!.lines.filter((l) => l.kind === 'indicator');
      for (const [k, l] of was.entries()) {
        const n = l.points === null ? 0 : -l.points / 60;
        if (Number.isInteger(n) && n >= 1 && n <= 4 && now[k]?.points === -Math.min(100 * n, 400))
          penalties++;
      }
      // A score in [850, 900) was B and is C now.
      if (r.score !== null && r.score >= 850 && r.score < 900) {
        between++;
        expect(after!.scoreGrade).toBe('C');
      }
      if (penalties > 0 && between > 0) break;
    }
    expect(penalties, 'an entity with a penalty in effect').toBeGreaterThan(0);
    expect(between, 'an entity scoring between the old and the new threshold').toBeGreaterThan(0);
  });

  it('a 科室负责人 sees the button disabled with the reason, and the backend refuses the save', async () => {
    await editedModel(page);
    await value(page, 'users.add', {
      username: 'boss',
      displayName: '王科长',
      role: 'supervisor',
      password: BOSS_PASSWORD,
    });
    await new Shell(page).logout();
    await new LoginPage(page).login('boss', BOSS_PASSWORD);
    const shell = new Shell(page);
    await shell.nav().waitFor({ timeout: 30_000 });
    await shell.open('信用评价');
    const grading = new GradingPage(page);
    await grading.openTab('models');
    const form = new ModelForm(page);
    await form.choose(MODEL_NAME);
    await expect.poll(() => form.openButton().isDisabled(), POLL).toBe(true);
    await form.buttonWrapper().hover();
    await page.getByText('只有管理员可以修改评价模型').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'model-form-supervisor.png'), animations: 'disabled' });
    const refused = await call(page, 'models.edit', {
      id: 'samr-risk',
      baseVersion: '1.0.1',
      effectiveFrom: '2026-01-01',
      thresholds: [950, 880, 700],
      indicators: [],
    });
    expect(refused).toEqual({ ok: false, code: 'forbidden' });
    expect(browserErrors).toEqual([]);
  });
});
