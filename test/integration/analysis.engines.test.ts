/**
 * Analysis (统计报表) on both engines (issue 17): the fixture of analysis-report.test.ts written into
 * SQLite and into PostgreSQL. On each engine a few figures are checked against the fixture's own
 * definitions; on PostgreSQL every view — runs, distribution by each grouping, risk ranking, coverage,
 * trend and the whole quarterly report — must equal what the desk computes from the same rows, and the
 * report's workbook is written and audited as on the desk.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { openAndMigrate } from '../../electron/db/open.ts';
import { column, type DataDoor, sql } from '../../electron/db/sql.ts';
import { analysisCoverage } from '../../electron/services/analysis/coverage.ts';
import { analysisDistribution } from '../../electron/services/analysis/distribution.ts';
import { exportQuarterlyReport } from '../../electron/services/analysis/quarterly/export.ts';
import { analysisQuarterly } from '../../electron/services/analysis/quarterly/report.ts';
import { analysisRiskRanking } from '../../electron/services/analysis/risk-ranking.ts';
import { analysisRuns } from '../../electron/services/analysis/runs.ts';
import { analysisTrend } from '../../electron/services/analysis/trend.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { ANALYSIS_GROUPINGS } from '../../shared/api/contracts/analysis.ts';
import { forEachEngine } from '../helpers/engines.ts';
import { tempDir } from '../helpers/tmp.ts';
import { CLASSES, RUNS, WARNINGS, writeFixture } from './analysis-fixture.ts';

const admin: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const AT = '2027-01-05T02:00:00.000Z';
const Q4 = { year: 2026, quarter: 4, preparer: '王五', reviewer: '赵六' };

/** Every analysis view of the fixture, as the page and the report read them. */
function figures(db: DataDoor, modelId: string) {
  return {
    runs: analysisRuns(db, admin),
    distribution: ANALYSIS_GROUPINGS.map((by) => analysisDistribution(db, admin, { runId: 2, by })),
    ranking: (['township', 'section'] as const).map((by) =>
      analysisRiskRanking(db, admin, { runId: 2, by, minGroupSize: 3 }),
    ),
    coverage: analysisCoverage(db, admin, { runId: 2, from: '2026-10-01', to: '2026-12-31' }),
    trend: analysisTrend(db, admin, { model: modelId }),
    quarters: [3, 4].map((quarter) => analysisQuarterly(db, admin, { ...Q4, quarter })),
  };
}

/** The same figures from a desk database holding the same rows: what the server must answer. */
function deskFigures() {
  const t = tempDir();
  const db = openAndMigrate(join(t.dir, 'desk.db'), randomBytes(32), { create: true });
  try {
    const { modelId } = writeFixture(db);
    return figures(db, modelId);
  } finally {
    db.close();
    t.cleanup();
  }
}

/** Entities of a run with their grade in force (the latest adjustment wins), from the fixture itself. */
function effectiveGrades(runId: number): Map<number, string> {
  const run = RUNS.find((r) => r.id === runId);
  if (!run) throw new Error(`no run ${runId} in the fixture`);
  const out = new Map(run.grades);
  for (const a of run.adjustments) out.set(a.entityId, a.to);
  return out;
}

forEachEngine('analysis', (fresh, engine) => {
  const county = () => {
    const { db } = fresh();
    const { modelId } = writeFixture(db);
    return { db, modelId };
  };

  it('reads the complete runs, a run’s classes and the quarter’s warnings from the fixture’s rows', () => {
    const { db, modelId } = county();
    const f = figures(db, modelId);
    expect(f.runs.runs.map((r) => r.id)).toEqual([4, 2, 1]);
    const grades = effectiveGrades(2);
    for (const d of f.distribution) {
      expect(d.classes.map((c) => c.grade)).toEqual([...CLASSES]);
      expect(d.totals.total).toBe(grades.size);
      for (const grade of CLASSES) {
        expect(d.totals.counts[grade]).toBe([...grades.values()].filter((g) => g === grade).length);
      }
    }
    const [, q4] = f.quarters;
    expect(q4?.cover.run?.id).toBe(2);
    expect(q4?.cover.previousRun?.id).toBe(1);
    const raised = WARNINGS.filter((w) =>
      w.steps.some(([s, on]) => s === 'generate' && on >= '2026-10-01' && on <= '2026-12-31'),
    );
    expect(q4?.cases.warnings).toMatchObject({ available: true, received: raised.length });
    expect(raised.length).toBeGreaterThan(0);
  });

  if (engine === 'postgres') {
    it('gives every view and the whole quarterly report exactly as the desk computes them', () => {
      const { db, modelId } = county();
      expect(figures(db, modelId)).toEqual(deskFigures());
    });
  }

  it('writes the quarterly report workbook and audits it', () => {
    const { db } = county();
    const t = tempDir();
    try {
      const path = join(t.dir, 'q4.xlsx');
      const { report, fileName } = exportQuarterlyReport(db, admin, Q4, path, AT);
      expect(fileName).toBe('信用风险分类管理季度报告_2026年第4季度.xlsx');
      expect(report.cover.run?.id).toBe(2);
      const wb = XLSX.read(readFileSync(path));
      expect(wb.SheetNames.length).toBeGreaterThan(3);
      expect(
        column<string>(db, sql`SELECT target FROM audit_log WHERE action = 'analysis.report' ORDER BY id`),
      ).toEqual(['2026Q4']);
    } finally {
      t.cleanup();
    }
  });
});
