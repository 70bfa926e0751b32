/**
 * Verification of a plan workbook cell by cell (issue 10 item 4): every visible cell is recomputed from
 * the inputs of 核验数据 and 候选名单, so any edit names its cell; only the marked informative cell is free.
 */
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import {
  buildPlanDocument,
  type DrawInput,
  drawPlanDetailed,
  type PlanDocument,
} from '../../../shared/sampling/index.ts';
import { DATA_SHEET, PEOPLE_SHEET, PLAN_SHEET, writePlanXlsx } from './plan-xlsx.ts';
import { INFORMATIVE_PREFIX } from './plan-xlsx-layout.ts';
import { verifyPlanWorkbook } from './plan-xlsx-verify.ts';

const input: DrawInput = {
  task: {
    number: 'XX市监抽〔2026〕3号',
    name: '公示信息抽查',
    startDate: '2026-12-01',
    endDate: '2026-12-31',
    items: [{ code: 'A07', qualification: null }],
    teamSize: 2,
    classOrder: ['A', 'B', 'C', 'D'],
    ratios: { enterprise: { A: 2000, B: 3000, C: 5000, D: 10000, unclassified: 5000 } },
    conflicts: [],
    exclusions: [],
    gradingRun: 'run-7',
  },
  candidates: Array.from({ length: 40 }, (_, i) => ({
    id: `9100${String(i).padStart(3, '0')}`,
    kind: 'enterprise' as const,
    class: (['A', 'B', 'C', 'D', null] as const)[i % 5]!,
    status: 'active' as const,
  })),
  inspectors: Array.from({ length: 5 }, (_, i) => ({
    id: `E0${i}`,
    name: `检查员${i}`,
    active: true,
    certificateExpiry: '2027-01-01',
    qualifications: [],
    expert: false,
  })),
};

function plan(): PlanDocument {
  const outcome = drawPlanDetailed(input, 'c3'.repeat(32));
  return buildPlanDocument(input, outcome, { drawnAt: '2026-11-21T08:00:00Z', drawnBy: '张科长' });
}

const people = (p: PlanDocument) => ({
  entityNames: Object.fromEntries(p.selected.map((s, i) => [s.id, `示范商贸有限公司${i + 1}`])),
  status: '已抽取（锁定）',
});

/** Writes the plan, lets `edit` change the workbook as Excel would, and verifies the result. */
function verifyEdited(edit: (wb: XLSX.WorkBook, rows: (name: string) => unknown[][]) => void) {
  const p = plan();
  const wb = XLSX.read(writePlanXlsx(p, { people: people(p) }));
  const rows = (name: string) =>
    XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name]!, { header: 1, defval: '', blankrows: true });
  edit(wb, rows);
  return verifyPlanWorkbook(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
}

const set = (wb: XLSX.WorkBook, sheet: string, r: number, c: number, v: string | number) => {
  const ws = wb.Sheets[sheet]!;
  ws[XLSX.utils.encode_cell({ r, c })] = typeof v === 'number' ? { t: 'n', v } : { t: 's', v };
  const range = XLSX.utils.decode_range(ws['!ref']!);
  range.e.r = Math.max(range.e.r, r);
  range.e.c = Math.max(range.e.c, c);
  ws['!ref'] = XLSX.utils.encode_range(range);
};
const rowOf = (rows: unknown[][], first: unknown) => rows.findIndex((r) => r[0] === first);

describe('plan workbook verification, cell by cell', () => {
  it('matches the workbook as written, with the people sheet', () => {
    const v = verifyEdited(() => {});
    expect(v.differences).toEqual([]);
    expect(v.match).toBe(true);
  });

  it.each([
    ['主检姓名 on 抽查计划', PLAN_SHEET, 5, '主检姓名'],
    ['检查人员姓名 on 抽查计划', PLAN_SHEET, 7, '检查人员姓名'],
    ['市场主体名称 on 检查对象和人员', PEOPLE_SHEET, 2, '市场主体名称'],
    ['检查人员 on 检查对象和人员', PEOPLE_SHEET, 6, '检查人员'],
    ['检查人员工号 on 检查对象和人员', PEOPLE_SHEET, 7, '检查人员工号'],
  ])('names the cell when %s changes', (_, sheet, c, what) => {
    let ref = '';
    const v = verifyEdited((wb, rows) => {
      const r = rowOf(rows(sheet), 1);
      ref = XLSX.utils.encode_cell({ r, c });
      set(wb, sheet, r, c, '李四');
    });
    expect(v.match).toBe(false);
    expect(v.cells).toEqual([expect.objectContaining({ sheet, cell: ref, found: '李四' })]);
    expect(v.differences.join('\n')).toContain(`${sheet} ${ref}（${what}，第 1 户）：文件中为“李四”`);
  });

  it('names the seed, the digest, a count, the team size and the task name cells', () => {
    const cases: [string, (rows: unknown[][]) => [number, number], string | number][] = [
      ['随机种子', (rows) => [rowOf(rows, '随机种子'), 1], 'd4'.repeat(32)],
      ['承诺摘要', (rows) => [rowOf(rows, '承诺摘要'), 1], '0'.repeat(64)],
      ['抽取数 k', (rows) => [rowOf(rows, '主体类型') + 1, 3], 99],
      ['每组人数', (rows) => [rowOf(rows, '每组人数'), 1], 3],
      ['任务名称', (rows) => [rowOf(rows, '任务名称'), 1], '别的任务'],
    ];
    for (const [what, at, value] of cases) {
      let ref = '';
      const v = verifyEdited((wb, rows) => {
        const [r, c] = at(rows(PLAN_SHEET));
        ref = XLSX.utils.encode_cell({ r, c });
        set(wb, PLAN_SHEET, r, c, value);
      });
      expect(v.match, what).toBe(false);
      expect(
        v.cells.map((d) => `${d.cell}:${d.what}`),
        what,
      ).toContain(`${ref}:${what}`);
    }
  });

  it('names both cells when a team is swapped, besides the draw difference', () => {
    const v = verifyEdited((wb, rows) => {
      const r = rowOf(rows(PLAN_SHEET), 1);
      const members = String(rows(PLAN_SHEET)[r]![6]).split('、');
      set(wb, PLAN_SHEET, r, 6, [...members].reverse().join('、'));
    });
    expect(v.match).toBe(false);
    expect(v.differences.join('\n')).toMatch(/检查组第 1 项不一致/);
    expect(v.cells.map((d) => d.what)).toEqual(['检查人员（抽取顺序），第 1 户']);
  });

  it('finds text typed anywhere on a verified sheet, but lets the informative status change', () => {
    const header = verifyEdited((wb, rows) =>
      set(wb, PLAN_SHEET, rowOf(rows(PLAN_SHEET), '序号'), 5, '姓名'),
    );
    expect(header.cells.map((d) => d.what)).toEqual(['表头']);
    const typed = verifyEdited((wb) => set(wb, PLAN_SHEET, 2, 5, '已核对'));
    expect(typed.cells).toEqual([expect.objectContaining({ cell: 'F3', what: '表外单元格' })]);
    const status = verifyEdited((wb) =>
      set(wb, PEOPLE_SHEET, 1, 0, `${INFORMATIVE_PREFIX}导出时任务状态：已公示`),
    );
    expect(status.match).toBe(true);
    const unmarked = verifyEdited((wb) => set(wb, PEOPLE_SHEET, 1, 0, '导出时任务状态：已公示'));
    expect(unmarked.cells.map((d) => d.cell)).toEqual(['A2']);
  });

  it('treats 核验数据 and 候选名单 as the inputs: an edit there no longer gives the visible plan', () => {
    const candidate = verifyEdited((wb, rows) => {
      const r = rows('候选名单').findIndex((x) => x[2] === '9100005');
      set(wb, '候选名单', r, 2, '9100999');
    });
    expect(candidate.match).toBe(false);
    expect(candidate.differences[0]).toMatch(/承诺摘要不一致/);
    const data = verifyEdited((wb) => {
      const ws = wb.Sheets[DATA_SHEET]!;
      const cell = ws.A2 as XLSX.CellObject;
      cell.v = String(cell.v).replace('"name":"检查员1"', '"name":"检查员九"');
    });
    expect(data.match).toBe(false);
    expect(data.cells.length).toBeGreaterThan(0);
    expect(data.cells.every((d) => d.expected.includes('检查员九'))).toBe(true);
  });
});
