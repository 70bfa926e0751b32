/**
 * Issue 11 item 4: a manual adjustment lasts until the computed grade changes. Every later run of the
 * model, whatever its as-of date, carries it while the computed grade is the one it overrode; the
 * comparison of the two runs then shows no move. Through the backend on a real encrypted demo database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/backend.ts';
import { type Fixture, openFixture } from './exchange-fixture.ts';

const MODEL = 'samr-risk';

async function run(b: Backend, asOf: string) {
  return (await b.call('grading.run', { modelId: MODEL, modelVersion: null, asOf })).run;
}

/** The carriedAdjustments figure of a run's audit entry. */
async function carriedOf(b: Backend, runId: number): Promise<unknown> {
  const { entries } = await b.call('audit.list', {
    offset: 0,
    limit: 500,
    actor: '',
    action: 'grading.run',
  });
  return entries.find((e) => e.target === `run:${runId}`)?.detail.carriedAdjustments;
}

/** Computed and in-force grade of each entity of a run. */
async function gradesOf(b: Backend, runId: number) {
  const out = new Map<number, { grade: string; effective: string }>();
  for (let offset = 0; ; offset += 500) {
    const page = await b.call('grading.results', { runId, grade: null, offset, limit: 500 });
    for (const r of page.rows) out.set(r.entityId, { grade: r.grade, effective: r.effectiveGrade });
    if (offset + 500 >= page.total) return out;
  }
}

describe('manual adjustments last while the computed grade stays', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(400);
  });
  afterEach(() => f.close());

  it('carries them into a later run, a run with the same as-of and a run with an earlier as-of', async () => {
    const b = f.backend;
    const r1 = await run(b, '2026-10-31');
    const first = await gradesOf(b, r1.id);
    // One entity of grade C moved down, one of grade B moved up (both directions).
    const pick = (g: string) => [...first].find(([, v]) => v.grade === g)?.[0];
    const down = pick('C');
    const up = pick('B');
    if (down === undefined || up === undefined) throw new Error('the demo county lacks a C or a B');
    await b.call('grading.adjust', {
      entityId: down,
      modelId: MODEL,
      toGrade: 'D',
      reason: '现场核查发现问题',
    });
    await b.call('grading.adjust', { entityId: up, modelId: MODEL, toGrade: 'A', reason: '复核后信用良好' });
    expect(await carriedOf(b, r1.id)).toBe(0);

    for (const asOf of ['2026-10-31', '2025-10-31', '2026-11-30']) {
      const r = await run(b, asOf);
      const now = await gradesOf(b, r.id);
      const expected = [
        { id: down, from: 'C', to: 'D' },
        { id: up, from: 'B', to: 'A' },
      ].filter((a) => now.get(a.id)?.grade === a.from);
      expect(expected.length, `as-of ${asOf}: some adjusted grade is unchanged`).toBeGreaterThan(0);
      expect(await carriedOf(b, r.id), `as-of ${asOf}`).toBe(expected.length);
      for (const a of expected) {
        expect(now.get(a.id)).toEqual({ grade: a.from, effective: a.to });
        const x = await b.call('grading.explain', { runId: r.id, entityId: a.id });
        expect(x.adjustment).toMatchObject({ carried: true, toGrade: a.to, fromGrade: a.from });
      }
      // Compared with the first run, an entity whose adjustment was carried has not moved.
      const moved = await b.call('grading.compare', {
        fromRunId: r1.id,
        toRunId: r.id,
        direction: 'changed',
        offset: 0,
        limit: 500,
      });
      const movedIds = moved.rows.map((m) => m.entityId);
      for (const a of expected) expect(movedIds).not.toContain(a.id);
    }

    // The entity page shows the adjustment in force on the current basis (the 2026-11-30 run).
    const page = await b.call('grading.entity', { entityId: down });
    const cur = page.current.find((c) => c.modelId === MODEL);
    if (cur?.grade === 'C') expect(cur).toMatchObject({ effectiveGrade: 'D', adjustment: { carried: true } });
  }, 60_000);

  it('does not carry an adjustment once the computed grade changed', async () => {
    const b = f.backend;
    const r1 = await run(b, '2026-10-31');
    const first = await gradesOf(b, r1.id);
    const early = await run(b, '2019-01-01');
    // An entity whose computed grade differs between the two as-of dates.
    const earlyGrades = await gradesOf(b, early.id);
    const changed = [...first].find(
      ([id, v]) => earlyGrades.has(id) && earlyGrades.get(id)?.grade !== v.grade && v.grade !== 'D',
    );
    if (!changed) throw new Error('no entity changes grade between 2019 and 2026');
    const [entityId, { grade }] = changed;
    const toGrade = grade === 'A' ? 'B' : 'D';
    // The 2026 run is still the basis: the adjustment attaches to its result.
    await b.call('grading.adjust', { entityId, modelId: MODEL, toGrade, reason: '复核后调整等级' });
    const again = await run(b, '2019-01-01');
    const x = await b.call('grading.explain', { runId: again.id, entityId });
    expect(x.adjustment).toBeNull();
    expect(x.effectiveGrade).toBe(x.grade);
    expect(await carriedOf(b, again.id)).toBe(0);
  }, 60_000);
});
