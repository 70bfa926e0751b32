/**
 * Issue 11 item 6: an administrator changes a model's thresholds, points and caps in a form; it is saved
 * as a new version, validated, audited, and the next run uses it. Through the backend on a real encrypted
 * demo database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import { editModel } from '../../electron/services/grading/edit-model.ts';
import { runBreakdownTexts } from '../../electron/services/grading/reads.ts';
import { decodeBreakdown } from '../../electron/services/grading/result-codec.ts';
import { editableValues } from '../../shared/grading/model-edit.ts';
import type { GradingModel } from '../../shared/grading/types.ts';
import { type Fixture, openFixture } from './exchange-fixture.ts';

type Edit = Input<'models.edit'>;

describe('the model form, saved through the backend', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(400);
  });
  afterEach(() => f.close());

  /** The form's values for samr-risk 1.0.0 as the model stands (what the form shows first). */
  async function samrForm(): Promise<Edit> {
    const { json } = await f.backend.call('models.get', { id: 'samr-risk', version: '1.0.0' });
    return { id: 'samr-risk', baseVersion: '1.0.0', ...editableValues(JSON.parse(json) as GradingModel) };
  }
  const withIndicator = (form: Edit, id: string, change: Partial<Edit['indicators'][number]>): Edit => ({
    ...form,
    indicators: form.indicators.map((i) => (i.id === id ? { ...i, ...change } : i)),
  });

  it('saves a new version that the next run uses, audited with the changes', async () => {
    const b = f.backend;
    const form = withIndicator(await samrForm(), 'penalty', { points: 100, cap: 400 });
    form.thresholds = [950, 900, 700];
    const r1 = (await b.call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' }))
      .run;

    const { summary } = await b.call('models.edit', form);
    expect(summary).toMatchObject({ id: 'samr-risk', version: '1.0.1', builtIn: false });
    const list = (await b.call('models.list', {})).models.filter((m) => m.id === 'samr-risk');
    expect(list.map((m) => m.version)).toEqual(['1.0.1', '1.0.0']);
    const saved = await b.call('models.get', { id: 'samr-risk', version: '1.0.1' });
    expect(saved.description.bands.find((x) => x.grade === 'B')?.range).toMatch(/900/);

    const audit = await b.call('audit.list', { offset: 0, limit: 10, actor: '', action: 'models.edit' });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ actor: 'admin', target: 'model:samr-risk@1.0.1' });
    expect(audit.entries[0]?.detail.changes).toEqual([
      '等级 B（信用风险一般）的下限：850 → 900',
      '指标“公示期内的行政处罚”的每次分值：60 → 100',
      '指标“公示期内的行政处罚”的封顶：240 → 400',
    ]);

    // Without a version, a run takes the newest one: the saved version, with its values.
    const r2 = (await b.call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' }))
      .run;
    expect(r2.modelVersion).toBe('1.0.1');
    const lines = (runId: number) =>
      new Map(
        (
          f.db
            .prepare('SELECT entity_id AS id, score, grade, breakdown FROM grading_results WHERE run_id = ?')
            .all(runId) as { id: number; score: number; grade: string; breakdown: string }[]
        ).map((r) => [r.id, r]),
      );
    const before = lines(r1.id);
    const after = lines(r2.id);
    let penalised = 0;
    for (const [id, r] of after) {
      const penalty = decodeBreakdown(r.breakdown, runBreakdownTexts(f.db, r2.id)).lines.find(
        (l) => l.indicator === 'penalty',
      );
      if (penalty?.count) {
        penalised++;
        expect(penalty.points).toBe(-Math.min(100 * penalty.count, 400));
        const old = decodeBreakdown(
          before.get(id)?.breakdown ?? '{}',
          runBreakdownTexts(f.db, r1.id),
        ).lines.find((l) => l.indicator === 'penalty');
        expect(old?.points).toBe(-Math.min(60 * penalty.count, 240));
      }
      // Scores between the old and the new threshold of B are C now (unless an override decided).
      const scoreGrade = f.db
        .prepare('SELECT score_grade AS g FROM grading_results WHERE run_id = ? AND entity_id = ?')
        .get(r2.id, id) as { g: string };
      if (r.score >= 850 && r.score < 900) expect(scoreGrade.g).toBe('C');
    }
    expect(penalised, 'the demo county has entities with penalties in effect').toBeGreaterThan(0);
  }, 60_000);

  it('refuses invalid values with the form’s field names, and non-administrators', async () => {
    const b = f.backend;
    const unchanged = await samrForm();
    const form = { ...withIndicator(unchanged, 'penalty', { cap: 30 }), thresholds: [950, 960, 700] };
    const err = await b.call('models.edit', form).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/等级 B（信用风险一般）的下限：应低于等级 A 的下限（950 分）/);
    expect(e.message).toMatch(/指标“公示期内的行政处罚”的封顶：封顶 30 小于单次分值 60/);
    expect(e.fields).toMatchObject({
      'threshold.1': expect.any(String),
      'indicator.penalty.cap': expect.any(String),
    });
    // Nothing was saved or audited.
    expect((await b.call('models.list', {})).models.filter((m) => m.id === 'samr-risk')).toHaveLength(1);
    expect(
      (await b.call('audit.list', { offset: 0, limit: 10, actor: '', action: 'models.edit' })).total,
    ).toBe(0);
    // The same values unchanged: nothing to save.
    await expect(b.call('models.edit', unchanged)).rejects.toThrow(/没有修改任何数值/);
    // A supervisor may import models but not edit them.
    expect(() =>
      editModel(
        f.db,
        { username: 'boss', displayName: '科长', role: 'supervisor' },
        form,
        '2026-11-01T00:00:00Z',
      ),
    ).toThrow(expect.objectContaining({ code: 'forbidden' }));
  }, 60_000);
});
