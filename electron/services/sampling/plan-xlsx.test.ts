/** The XLSX plan file: a lossless round trip, readable layout, split candidate sheets, formula safety. */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import {
  buildPlanDocument,
  type DrawInput,
  drawPlanDetailed,
  type PlanDocument,
  verifyPlan,
} from '../../../shared/sampling/index.ts';
import { PLAN_SHEET, readPlanXlsx, writePlanXlsx } from './plan-xlsx.ts';

const input: DrawInput = {
  task: {
    number: '=XX市监抽〔2026〕3号', // a formula-like string must survive untouched
    name: '特种设备安全检查',
    startDate: '2026-12-01',
    endDate: '2026-12-31',
    items: [
      { code: 'A07', qualification: null },
      { code: 'C03', qualification: '特种设备安全监察员' },
    ],
    teamSize: 2,
    classOrder: ['A', 'B', 'C', 'D'],
    ratios: {
      enterprise: { A: 2000, B: 3000, C: 5000, D: 10000, unclassified: 5000 },
      individual: { unclassified: 1000 },
    },
    // 9100008 is class D (drawn at 100 %) and conflicts with two of the three inspectors → unstaffed.
    conflicts: [
      { inspector: 'E01', entity: '9100008' },
      { inspector: 'E02', entity: '9100008' },
    ],
    exclusions: [],
    gradingRun: 'run-7',
  },
  candidates: Array.from({ length: 60 }, (_, i) => ({
    id: `9${i % 3 === 0 ? '2' : '1'}000${String(i).padStart(2, '0')}`,
    kind: i % 3 === 0 ? ('individual' as const) : ('enterprise' as const),
    class: i % 3 === 0 ? null : (['A', 'B', 'C', 'D', null] as const)[i % 5]!,
    status: 'active' as const,
  })),
  inspectors: Array.from({ length: 3 }, (_, i) => ({
    id: `E0${i}`,
    name: i === 1 ? '@张三' : `检查员${i}`,
    active: true,
    certificateExpiry: '2027-01-01',
    qualifications: ['特种设备安全监察员'],
    expert: false,
  })),
};

function plan(): PlanDocument {
  const outcome = drawPlanDetailed(input, 'c3'.repeat(32));
  return buildPlanDocument(input, outcome, { drawnAt: '2026-11-21T08:00:00Z', drawnBy: '张科长' });
}

describe('plan XLSX', () => {
  it('round-trips the plan document exactly, and the result verifies', () => {
    const p = plan();
    expect(p.unstaffed.length).toBeGreaterThan(0);
    const back = readPlanXlsx(writePlanXlsx(p));
    expect(back).toEqual(JSON.parse(JSON.stringify(p)));
    expect(verifyPlan(back).match).toBe(true);
  });

  it('shows task, seed, digest, strata and teams on the first sheet, formula-like text neutralised', () => {
    const p = plan();
    const wb = XLSX.read(writePlanXlsx(p));
    expect(wb.SheetNames).toEqual(['抽查计划', '核验数据', '候选名单']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[PLAN_SHEET]!, { header: 1, defval: '' });
    const value = (label: string) => rows.find((r) => r[0] === label)?.[1];
    expect(value('任务名称')).toBe('特种设备安全检查');
    expect(value('任务编号')).toBe("'=XX市监抽〔2026〕3号");
    expect(value('随机种子')).toBe('c3'.repeat(32));
    expect(value('承诺摘要')).toBe(p.digest);
    const first = rows.find((r) => r[0] === 1)!;
    expect(first[1]).toBe(p.selected[0]!.id);
    // Three inspectors for teams of two: the fixed seed staffs most entities, and the row of a staffed
    // one lists its team.
    const staffed = p.teams.find((t) => t.inspectors.length > 0);
    expect(staffed).toBeDefined();
    const staffedRow = rows.find((r) => typeof r[0] === 'number' && r[1] === staffed!.entity);
    expect(staffedRow?.[6]).toBe(staffed!.inspectors.join('、'));
    const unstaffedRow = rows.find((r) => r[1] === p.unstaffed[0]);
    expect(unstaffedRow?.[8]).toBe('未配齐检查人员');
    expect(JSON.stringify(rows)).toContain("'@张三");
  });

  it('continues the candidate list on further sheets', () => {
    const p = plan();
    const bytes = writePlanXlsx(p, { rowsPerCandidateSheet: 25 });
    expect(XLSX.read(bytes).SheetNames).toEqual([
      '抽查计划',
      '核验数据',
      '候选名单',
      '候选名单2',
      '候选名单3',
    ]);
    expect(verifyPlan(readPlanXlsx(bytes)).match).toBe(true);
  });

  it('writes a plan without candidates that then needs the list to verify', () => {
    const outcome = drawPlanDetailed(input, 'c3'.repeat(32));
    const p = buildPlanDocument(input, outcome, { omitCandidates: true });
    const back = readPlanXlsx(writePlanXlsx(p));
    expect(back.candidates).toBeNull();
    expect(verifyPlan(back, input.candidates).match).toBe(true);
  });

  it('refuses a workbook that is not a plan', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x']]), 'Sheet1');
    expect(() => readPlanXlsx(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }))).toThrow(
      /不是抽查计划文件/,
    );
  });
});
