/**
 * The quarterly report as workbook sheets for the project's xlsx writer. Every sheet carries the 内部资料
 * banner. The two production tables keep their columns and write 完成率 and 完结率 as Excel formulas over
 * the row's own cells (with the computed value cached); every other figure is a value.
 */
import type {
  InspectionOutcome,
  QuarterlyReport,
  ResultRow,
  WorkRow,
} from '../../../../shared/api/contracts/analysis.ts';
import {
  type CellValue,
  columnLetter,
  type XlsxColumn,
  type XlsxFormula,
  type XlsxSheet,
} from '../../exchange/export/xlsx-writer.ts';

export const INTERNAL_BANNER = '内部资料　注意保管';
/** The banner row and the column-group row come first: data starts on row 4 of the production tables. */
const FIRST_DATA_ROW_GROUPED = 4;
const FIRST_DATA_ROW = 3;

export const SHEET_NAMES = {
  cover: '封面',
  township: '分类结果（乡镇）',
  jurisdiction: '分类结果（管辖单位）',
  kind: '分类结果（主体类型）',
  section: '分类结果（行业门类）',
  work: '抽查工作情况统计',
  results: '综合抽查结果统计',
  resultsByUnit: '综合抽查结果统计（管辖单位）',
  effect: '分类监管效果',
  cases: '异议修复预警',
  publication: '公示及时性',
} as const;

const col = (header: string, width?: number, percent?: boolean): XlsxColumn => ({
  header,
  ...(width === undefined ? {} : { width }),
  ...(percent ? { percent } : {}),
});

const percent100 = (share: number | null) => (share === null ? null : Math.round(share * 10000) / 100);

/** `=IF(den>0,ROUND(num/den*100,2),"")` for the row, with the value it gives. */
function rateFormula(num: number, den: number, row: number, share: number | null): XlsxFormula {
  const n = `${columnLetter(num)}${row}`;
  const d = `${columnLetter(den)}${row}`;
  return { formula: `IF(${d}>0,ROUND(${n}/${d}*100,2),"")`, value: percent100(share) };
}

// --- The column groups both production tables share ----------------------------------------------

const RESULT_HEADERS = [
  '未发现问题',
  '已责令改正',
  '未发现经营活动',
  '关闭停业清算',
  '不配合情节严重',
  '迁移注销等',
  '待后续处理',
];
const PROBLEM_HEADERS = [
  '小计',
  '工商',
  '未按规定公示(B)',
  '隐瞒弄虚作假(C)',
  '无法联系(6)',
  '其他工商(D)',
  '食药',
  '质监',
  '其他部门',
];
const DISPOSAL_HEADERS = ['无需处置', '反馈日常监管', '责令改正', '移送办案', '抄告', '其他'];

function outcomeCells(o: InspectionOutcome): number[] {
  const r = o.results;
  const p = o.problems;
  const d = o.disposal;
  return [
    r.none,
    r.corrected,
    r.noActivity,
    r.closed,
    r.refused,
    r.gone,
    r.pending,
    p.subtotal,
    p.market,
    p.notDisclosed,
    p.falsified,
    p.unreachable,
    p.otherMarket,
    p.food,
    p.quality,
    p.otherDept,
    d.none,
    d.dailySupervision,
    d.ordered,
    d.caseTransfer,
    d.notified,
    d.other,
  ];
}

const OUTCOME_COLUMNS = [...RESULT_HEADERS, ...PROBLEM_HEADERS, ...DISPOSAL_HEADERS].map((h) => col(h, 10));
const OUTCOME_GROUPS = [
  { header: '检查结果', span: RESULT_HEADERS.length },
  { header: '发现问题待后续处理', span: PROBLEM_HEADERS.length },
  { header: '后续处置', span: DISPOSAL_HEADERS.length },
];

// --- 抽查工作情况统计 --------------------------------------------------------------------------------

export const WORK_COLUMNS: readonly XlsxColumn[] = [
  col('行次', 6),
  col('抽查内容', 30),
  col('抽查类型', 12),
  col('抽查对象', 20),
  col('抽查基数', 10),
  col('抽查比例%', 10),
  col('抽查户数', 10),
  col('已公示', 10),
  col('未公示', 10),
  col('抽查完成率%', 12),
  ...OUTCOME_COLUMNS,
  col('完结数', 10),
  col('完结率%', 10),
];
/** Column indexes the formulas refer to. */
export const WORK = { drawn: 6, published: 7, completion: 9, concluded: WORK_COLUMNS.length - 2 } as const;

function workCells(r: WorkRow, row: number, total: boolean): CellValue[] {
  return [
    total ? '合计' : r.line,
    r.content,
    r.type,
    r.objects,
    r.base,
    r.ratioPercent,
    r.drawn,
    r.published,
    r.unpublished,
    rateFormula(WORK.published, WORK.drawn, row, r.completionRate),
    ...outcomeCells(r),
    r.concluded,
    rateFormula(WORK.concluded, WORK.published, row, r.concludedRate),
  ];
}

function workSheet(report: QuarterlyReport): XlsxSheet {
  const w = report.inspectionWork;
  const rows = w.rows.map((r, i) => workCells(r, FIRST_DATA_ROW_GROUPED + i, false));
  rows.push(workCells(w.total, FIRST_DATA_ROW_GROUPED + w.rows.length, true));
  return {
    name: SHEET_NAMES.work,
    banner: INTERNAL_BANNER,
    groups: [{ header: '', span: WORK.completion + 1 }, ...OUTCOME_GROUPS, { header: '', span: 2 }],
    columns: WORK_COLUMNS,
    formulas: true,
    rows,
  };
}

// --- 综合抽查结果统计 --------------------------------------------------------------------------------

export const RESULT_COLUMNS: readonly XlsxColumn[] = [
  col('行次', 6),
  col('地区', 16),
  col('部门', 22),
  col('应检查数', 10),
  col('待录入', 10),
  col('录入中', 10),
  col('已公示', 10),
  col('完成率%', 10),
  ...OUTCOME_COLUMNS,
  col('完结数', 10),
  col('完结率%', 10),
];
export const RESULT = { due: 3, published: 6, completion: 7, concluded: RESULT_COLUMNS.length - 2 } as const;

function resultCells(r: ResultRow, row: number, total: boolean): CellValue[] {
  return [
    total ? '合计' : r.line,
    total ? '' : r.region,
    r.department,
    r.due,
    r.toEnter,
    r.entering,
    r.published,
    rateFormula(RESULT.published, RESULT.due, row, r.completionRate),
    ...outcomeCells(r),
    r.concluded,
    rateFormula(RESULT.concluded, RESULT.published, row, r.concludedRate),
  ];
}

function resultSheet(name: string, rows: readonly ResultRow[], total: ResultRow): XlsxSheet {
  const cells = rows.map((r, i) => resultCells(r, FIRST_DATA_ROW_GROUPED + i, false));
  cells.push(resultCells(total, FIRST_DATA_ROW_GROUPED + rows.length, true));
  return {
    name,
    banner: INTERNAL_BANNER,
    groups: [{ header: '', span: RESULT.completion + 1 }, ...OUTCOME_GROUPS, { header: '', span: 2 }],
    columns: RESULT_COLUMNS,
    formulas: true,
    rows: cells,
  };
}

// --- Class distributions ------------------------------------------------------------------------------

function distributionSheet(
  report: QuarterlyReport,
  by: keyof QuarterlyReport['distribution'],
  groupHeader: string,
): XlsxSheet {
  const classes = report.classes;
  const table = report.distribution[by];
  const columns = [
    col(groupHeader, 24),
    ...classes.map((c) => col(`${c.label}`, 10)),
    col('合计', 10),
    ...classes.map((c) => col(`上季度${c.label}`, 12)),
    col('上季度合计', 12),
    col('等级上升', 10),
    col('等级下降', 10),
  ];
  const line = (g: (typeof table.rows)[number]): CellValue[] => [
    g.groupLabel,
    ...classes.map((c) => g.counts[c.grade] ?? 0),
    g.total,
    ...classes.map((c) => g.previousCounts[c.grade] ?? 0),
    g.previousTotal,
    g.movedUp,
    g.movedDown,
  ];
  return {
    name: SHEET_NAMES[by],
    banner: INTERNAL_BANNER,
    columns,
    rows: [...table.rows.map(line), line({ ...table.totals, groupLabel: '合计' })],
  };
}

// --- Cover, effect, cases, publication -----------------------------------------------------------------

function runText(r: QuarterlyReport['cover']['run']): string {
  return r === null
    ? '无'
    : `${r.modelName}（${r.modelVersion}），评价基准日 ${r.asOf}，第 ${r.id} 次评价，${r.entityCount} 户`;
}

function coverSheet(report: QuarterlyReport, title: string): XlsxSheet {
  const c = report.cover;
  const notes = [report.cases.warnings.note].filter((n): n is string => n !== null);
  return {
    name: SHEET_NAMES.cover,
    banner: INTERNAL_BANNER,
    columns: [col('项目', 16), col('内容', 80)],
    rows: [
      ['报告名称', title],
      ['填报单位', c.unit],
      ['统计期', c.period],
      ['截止日', c.cutOff],
      ['填报人', c.preparer],
      ['审核人', c.reviewer],
      ['所用信用评价', runText(c.run)],
      ['上季度信用评价', runText(c.previousRun)],
      [
        '说明',
        [
          '本报告数据由所用信用评价和截止日前的抽查、异议、信用修复记录计算，可按同一评价和截止日复核。',
          ...notes,
        ].join('\n'),
      ],
    ],
  };
}

function effectSheet(report: QuarterlyReport): XlsxSheet {
  return {
    name: SHEET_NAMES.effect,
    banner: INTERNAL_BANNER,
    columns: [
      col('信用风险等级', 16),
      col('主体数', 10),
      col('已检查户数', 12),
      col('实际抽查比例', 14, true),
      col('计划抽查比例', 14, true),
      col('发现问题户数', 14),
      col('问题发现率', 12, true),
    ],
    rows: report.effectByClass.map((r) => [
      r.label,
      r.entities,
      r.inspected,
      r.actualRatio,
      r.profileRatio,
      r.withProblems,
      r.problemRate,
    ]),
  };
}

function casesSheet(report: QuarterlyReport): XlsxSheet {
  const line = (name: string, f: QuarterlyReport['cases']['objections']): CellValue[] => [
    name,
    f.received,
    f.concluded,
    f.overdue,
    f.medianWorkingDays,
    f.note ?? '',
  ];
  return {
    name: SHEET_NAMES.cases,
    banner: INTERNAL_BANNER,
    columns: [
      col('事项', 12),
      col('本季度收到', 12),
      col('本季度办结', 12),
      col('截止日逾期未办结', 18),
      col('办理用时中位数（工作日）', 24),
      col('说明', 40),
    ],
    rows: [
      line('异议', report.cases.objections),
      line('信用修复', report.cases.repairs),
      line('监测预警', report.cases.warnings),
    ],
  };
}

function publicationSheet(report: QuarterlyReport): XlsxSheet {
  const p = report.publication;
  return {
    name: SHEET_NAMES.publication,
    banner: INTERNAL_BANNER,
    columns: [
      col('已公示任务数', 14),
      col('20个工作日内公示', 18),
      col('及时公示率', 12, true),
      col('截止日尚未公示', 16),
    ],
    rows: [[p.tasksPublished, p.withinDeadline, p.share, p.unpublished]],
  };
}

export function reportTitle(report: QuarterlyReport): string {
  return `${report.cover.unit}信用风险分类管理工作季度报告（${report.year}年第${report.quarter}季度）`;
}

export function quarterlySheets(report: QuarterlyReport): XlsxSheet[] {
  return [
    coverSheet(report, reportTitle(report)),
    distributionSheet(report, 'township', '乡镇（街道）'),
    distributionSheet(report, 'jurisdiction', '管辖单位'),
    distributionSheet(report, 'kind', '主体类型'),
    distributionSheet(report, 'section', '行业门类'),
    workSheet(report),
    resultSheet(SHEET_NAMES.results, report.inspectionResults.byTownship, report.inspectionResults.total),
    resultSheet(
      SHEET_NAMES.resultsByUnit,
      report.inspectionResults.byJurisdiction,
      report.inspectionResults.total,
    ),
    effectSheet(report),
    casesSheet(report),
    publicationSheet(report),
  ];
}

/** The data rows of the production tables start here (for tests reading the workbook back). */
export const DATA_ROWS = { grouped: FIRST_DATA_ROW_GROUPED, plain: FIRST_DATA_ROW } as const;
