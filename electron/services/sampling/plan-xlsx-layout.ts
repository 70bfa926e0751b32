/**
 * What every cell of the plan workbook's visible sheets holds, as a function of the plan document and the
 * names recorded with it. The writer (plan-xlsx.ts) writes these grids; verification
 * (plan-xlsx-verify.ts) renders them again from the recomputed plan and compares cell by cell, so a
 * cell is either derived from the verified inputs or explicitly informative (INFORMATIVE_PREFIX).
 */
import { type AuditAnchor, anchorText } from '../../../shared/audit/anchor.ts';
import { ENTITY_KIND_LABELS } from '../../../shared/domain/entity.ts';
import { PLAN_FORMAT, type PlanDocument } from '../../../shared/sampling/index.ts';

export const PLAN_SHEET = '抽查计划';
export const DATA_SHEET = '核验数据';
export const CANDIDATE_SHEET = '候选名单';
export const PEOPLE_SHEET = '检查对象和人员';

export const STRATA_MARK = '【分层】';
export const PLAN_MARK = '【抽取结果】';
export const UNCLASSIFIED_LABEL = '未分类';
export const UNSTAFFED_NOTE = '未配齐检查人员';
export const DATA_HEADER = '以下为核验所需数据（JSON，按行顺序拼接），请勿修改';
export const CANDIDATE_HEADER = ['主体类型代码', '风险等级（空为未分类）', '标识'] as const;
/** A cell starting with this is informative only: verification skips it (docs/sampling-draw.md §8). */
export const INFORMATIVE_PREFIX = '【仅供参考，不参与核验】';

export type Cell = string | number | null;

/** A sheet's cells, plus what a cell means in words (for a difference naming it). */
export interface SheetLayout {
  rows: Cell[][];
  /** Column widths (characters). */
  widths: number[];
  /** Columns written as text cells (identifiers, employee numbers). */
  textColumns: ReadonlySet<number>;
  describe(r: number, c: number): string;
}

/** Names recorded with an exported plan: the entities' names as of the export, and the task's status. */
export interface PlanPeople {
  entityNames: Record<string, string>;
  status: string;
  /** The audit log's head at the export, written into the informative cell as an anchor (audit/anchors.ts). */
  auditHead?: AuditAnchor;
  /** When the file was exported (ISO), written beside the anchor. */
  exportedAt?: string;
}

const classLabel = (c: string | null) => c ?? UNCLASSIFIED_LABEL;

/** Column headers of a table, and the rows (0-based) where each table's header stands. */
function tableDescriber(rows: readonly Cell[][], headerRows: readonly number[], fallback: string) {
  return (r: number, c: number): string => {
    if (headerRows.includes(r)) return '表头';
    const header = [...headerRows].reverse().find((h) => h < r);
    if (header !== undefined && r > header) {
      const name = String(rows[header]?.[c] ?? '');
      const first = rows[r]?.[0];
      return name ? `${name}${typeof first === 'number' ? `，第 ${first} 户` : ''}` : fallback;
    }
    // Label rows (任务名称 …): the value stands in column B.
    const label = rows[r]?.[0];
    return typeof label === 'string' && label !== '' && c === 1 ? label : fallback;
  };
}

export function planSheetLayout(plan: PlanDocument): SheetLayout {
  const names = new Map(plan.inspectors.map((i) => [i.id, i.name]));
  const nameOf = (id: string) => names.get(id) ?? '';
  const teamOf = new Map(plan.teams.map((t) => [t.entity, t]));
  const unstaffed = new Set(plan.unstaffed);
  const t = plan.task;
  const rows: Cell[][] = [
    ['双随机抽查计划'],
    ['任务名称', t.name],
    ['任务编号', t.number],
    ['检查期间', `${t.startDate} 至 ${t.endDate}`],
    ['检查事项', t.items.map((i) => i.code).join('、')],
    ['每组人数', t.teamSize],
    ['随机种子', plan.seed],
    ['承诺摘要', plan.digest],
    ['抽取时间', plan.drawnAt],
    ['抽取人', plan.drawnBy],
    ['文件格式', PLAN_FORMAT],
    [
      '核验方法',
      'creditdesk sample verify 本文件.xlsx [--candidates 候选名单.json]（算法见 docs/sampling-draw.md）',
    ],
    [],
    [STRATA_MARK],
  ];
  const strataHeader = rows.length;
  rows.push(
    ['主体类型', '风险等级', '候选数 N', '抽取数 k', '比例（万分比）'],
    ...plan.strata.map((s) => [ENTITY_KIND_LABELS[s.kind], classLabel(s.class), s.N, s.k, s.bp]),
    [],
    [PLAN_MARK],
  );
  const planHeader = rows.length;
  rows.push(
    [
      '序号',
      '统一社会信用代码/标识',
      '主体类型',
      '风险等级',
      '主检',
      '主检姓名',
      '检查人员（抽取顺序）',
      '检查人员姓名',
      '备注',
    ],
    ...plan.selected.map((s, i): Cell[] => {
      const team = teamOf.get(s.id);
      return [
        i + 1,
        s.id,
        ENTITY_KIND_LABELS[s.kind],
        classLabel(s.class),
        team?.lead ?? '',
        team ? nameOf(team.lead) : '',
        team ? team.inspectors.join('、') : '',
        team ? team.inspectors.map(nameOf).join('、') : '',
        unstaffed.has(s.id) ? UNSTAFFED_NOTE : '',
      ];
    }),
  );
  const endOfPlan = rows.length;
  if (plan.warnings.length > 0) rows.push([], ['提示'], ...plan.warnings.map((w) => [w]));
  const table = tableDescriber(rows, [strataHeader, planHeader], '');
  return {
    rows,
    widths: [14, 24, 12, 12, 10, 10, 26, 22, 16],
    textColumns: new Set([1, 4, 6]),
    describe: (r, c) => (r > endOfPlan ? '提示' : table(r, c) || '表外单元格'),
  };
}

/**
 * The sheet for people: each selected entity with its name and its team by name. Inspector names are the
 * plan's (as drawn); entity names are those recorded at the export. Its one informative cell is the
 * task's status at the export and the audit log's head then (an anchor `audit verify --anchor` reads).
 */
export function peopleSheetLayout(plan: PlanDocument, people: PlanPeople): SheetLayout {
  const names = new Map(plan.inspectors.map((i) => [i.id, i.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const teamOf = new Map(plan.teams.map((t) => [t.entity, t]));
  const rows: Cell[][] = [
    [`${plan.task.name}（${plan.task.number}）检查对象和检查人员`],
    [
      `${INFORMATIVE_PREFIX}导出时任务状态：${people.status}${people.auditHead ? `；导出时${anchorText(people.auditHead, people.exportedAt)}` : ''}`,
    ],
    [
      '序号',
      '统一社会信用代码/注册号',
      '市场主体名称',
      '主体类型',
      '风险等级',
      '主检人员',
      '检查人员',
      '检查人员工号',
    ],
    ...plan.selected.map((s, i): Cell[] => {
      const team = teamOf.get(s.id)?.inspectors ?? [];
      return [
        i + 1,
        s.id,
        people.entityNames[s.id] ?? '',
        ENTITY_KIND_LABELS[s.kind],
        classLabel(s.class),
        team[0] ? nameOf(team[0]) : '未配齐',
        team.map(nameOf).join('、'),
        team.join('、'),
      ];
    }),
  ];
  const table = tableDescriber(rows, [2], '');
  return {
    rows,
    widths: [6, 24, 36, 14, 10, 12, 24, 24],
    textColumns: new Set([1, 7]),
    describe: (r, c) => (r === 0 ? '标题' : table(r, c) || '表外单元格'),
  };
}
