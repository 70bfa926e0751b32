/**
 * The fast paths of a whole-database run give exactly what the simple paths give: the streamed credit
 * files (entity page + record range scan, merged) equal readCreditFile's join for every entity, in
 * the same record order and key order; the loop-built breakdown JSON equals the plain spread-based
 * encoding; and the batched insert stores, for every entity of a demo county, what evaluate() says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTY } from '../../../shared/demo/index.ts';
import type { BreakdownLine, GradeResult } from '../../../shared/grading/types.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../../db/keyfile.ts';
import { type Db, openAndMigrate } from '../../db/open.ts';
import type { Actor } from '../authz.ts';
import { writeDemoCounty } from '../entities/demo-writer.ts';
import { readCreditFile, streamCreditFiles } from './repository/credit-files.ts';
import { evaluatorFor, findModel } from './model-store.ts';
import { encodeBreakdown } from './result-codec.ts';
import { runGrading } from './run-grading.ts';

const ADMIN: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const AS_OF = '2026-10-31';
const AT = '2026-11-01T08:00:00.000Z';

/** The straightforward encoding the run used before (object spreads and map), as the reference. */
function referenceEncode(r: GradeResult): string {
  const ev = (e: BreakdownLine['evidence']) =>
    e.map((x) => ({ id: x.id ?? null, date: x.date, summary: x.summary }));
  return JSON.stringify({
    scoreOnly: r.scoreOnly,
    lines: r.breakdown.map((l) => ({
      indicator: l.indicator,
      label: l.label,
      ...(l.dimension ? { dimension: l.dimension } : {}),
      points: l.points,
      ...(l.count !== undefined ? { count: l.count } : {}),
      evidence: ev(l.evidence),
    })),
    overrides: r.overrides.map((o) => ({
      id: o.id,
      action: o.action,
      grade: o.grade,
      reason: o.reason,
      evidence: ev(o.evidence),
    })),
  });
}

describe('whole-database run: fast paths equal the simple ones', () => {
  const t = tempDir();
  let db: Db;
  let ids: number[];

  beforeAll(() => {
    db = openAndMigrate(`${t.dir}/p.db`, newDataKey(), { create: true });
    writeDemoCounty(db, { entities: 3000, seed: 'paths', county: DEMO_COUNTY, actor: 'admin', at: AT });
    // Gaps in the ids (keyset paging), and records added later to early entities, so the records'
    // rowid order is not the entity order and an entity has records with equal dates.
    db.prepare('DELETE FROM entities WHERE id IN (2, 3, 500, 501, 502, 2999)').run();
    const add = db.prepare(
      `INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
       VALUES (?, 'complaint', ?, ?, 'test', '{"substantiated":true}', ?)`,
    );
    for (const id of [1, 4, 5, 1000, 2500, 3000]) {
      add.run(id, '2026-09-01', `later:${id}:a`, AT);
      add.run(id, '2026-09-01', `later:${id}:b`, AT);
      add.run(id, '2019-01-01', `later:${id}:c`, AT);
    }
    ids = db.prepare('SELECT id FROM entities ORDER BY id').pluck().all() as number[];
  });
  afterAll(() => {
    db.close();
    t.cleanup();
  });

  it('streams every entity once, in id order, each equal to its readCreditFile (chunk sizes 7 and default)', () => {
    for (const chunk of [7, undefined]) {
      const streamed = [...streamCreditFiles(db, chunk)];
      expect(streamed.map((f) => f.entityId)).toEqual(ids);
      let withRecords = 0;
      for (const f of streamed) {
        const one = readCreditFile(db, f.entityId);
        // JSON text equality also checks the key order of every record object.
        expect(JSON.stringify(f)).toBe(JSON.stringify(one));
        if (f.records.length > 0) withRecords++;
      }
      expect(withRecords).toBeGreaterThan(1000);
    }
  });

  it('stores, for every entity, exactly what evaluate() and the reference encoding give', () => {
    const info = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    const evaluate = evaluatorFor(findModel(db, 'samr-risk', null).model);
    const stored = new Map(
      (
        db
          .prepare(
            'SELECT entity_id, score, score_grade, grade, breakdown FROM grading_results WHERE run_id = ?',
          )
          .all(info.id) as {
          entity_id: number;
          score: number | null;
          score_grade: string | null;
          grade: string;
          breakdown: string;
        }[]
      ).map((r) => [r.entity_id, r]),
    );
    let graded = 0;
    let withOverrides = 0;
    for (const id of ids) {
      const r = evaluate(readCreditFile(db, id) as NonNullable<ReturnType<typeof readCreditFile>>, AS_OF);
      const row = stored.get(id);
      if (r.grade === null) {
        expect(row).toBeUndefined();
        continue;
      }
      graded++;
      if (r.overrides.length > 0) withOverrides++;
      expect(encodeBreakdown(r)).toBe(referenceEncode(r));
      expect(row).toEqual({
        entity_id: id,
        score: r.score,
        score_grade: r.scoreGrade,
        grade: r.grade,
        breakdown: referenceEncode(r),
      });
    }
    expect(stored.size).toBe(graded);
    expect(info.entityCount).toBe(graded);
    // Not a multiple of the insert batch, so the flush of the last partial batch is exercised too.
    expect(graded % 64).not.toBe(0);
    expect(withOverrides).toBeGreaterThan(0);
  });
});
