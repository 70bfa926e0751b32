/**
 * The plan file as an Excel workbook (SPEC §6.4; layout in docs/sampling-draw.md §8), for bureaus whose
 * lingua franca is Excel: people read the first sheet, `sample verify` reads all three.
 *   抽查计划  task, period, seed and digest, strata, then one row per selected entity with its team.
 *   核验数据  the task and inspector pool as JSON text (cells of ≤ 30,000 characters, in row order).
 *   候选名单  the committed candidates (continued on 候选名单2 … beyond 1,000,000 rows).
 * Seed, digest, strata, selection and teams are read back from the visible sheet, so editing what
 * people see makes verification fail. Strings that could run as formulas are neutralised on write and
 * restored on read.
 */
import * as XLSX from 'xlsx';
import { ENTITY_KIND_LABELS, ENTITY_KINDS, type EntityKind } from '../../../shared/domain/entity.ts';
import {
  type DrawSelected,
  type DrawStratum,
  type DrawTeam,
  PLAN_FORMAT,
  type PlanCandidateStratum,
  type PlanDocument,
  parsePlanDocument,
} from '../../../shared/sampling/index.ts';
import { neutralizeFormula, restoreNeutralized } from '../exchange/export/formula-injection.ts';

export const PLAN_SHEET = '抽查计划';
export const DATA_SHEET = '核验数据';
export const CANDIDATE_SHEET = '候选名单';

const STRATA_MARK = '【分层】';
const PLAN_MARK = '【抽取结果】';
const UNCLASSIFIED_LABEL = '未分类';
const UNSTAFFED_NOTE = '未配齐检查人员';
const CHUNK = 30_000;
/** Excel's limit is 1,048,576 rows; a round number per sheet keeps the split easy to read. */
const ROWS_PER_CANDIDATE_SHEET = 1_000_000;

type Cell = string | number | null;

const KIND_BY_LABEL = new Map<string, EntityKind>(ENTITY_KINDS.map((k) => [ENTITY_KIND_LABELS[k], k]));

function worksheet(rows: readonly Cell[][], widths: readonly number[], textColumns: ReadonlySet<number>) {
  const ws: XLSX.WorkSheet = {};
  let maxC = 0;
  rows.forEach((row, r) => {
    row.forEach((v, c) => {
      if (v === null || v === '') return;
      const ref = XLSX.utils.encode_cell({ r, c });
      if (typeof v === 'number') ws[ref] = { t: 'n', v };
      else
        ws[ref] = textColumns.has(c)
          ? { t: 's', v: neutralizeFormula(v), z: '@' }
          : { t: 's', v: neutralizeFormula(v) };
      if (c > maxC) maxC = c;
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({
    s: { r: 0, c: 0 },
    e: { r: Math.max(rows.length - 1, 0), c: maxC },
  });
  ws['!cols'] = widths.map((wch) => ({ wch }));
  return ws;
}

const classLabel = (c: string | null) => c ?? UNCLASSIFIED_LABEL;

export interface PlanXlsxOptions {
  /** Rows per candidate sheet (default 1,000,000; Excel's limit is 1,048,576). */
  rowsPerCandidateSheet?: number;
}

/** The workbook's bytes. */
export function writePlanXlsx(plan: PlanDocument, options: PlanXlsxOptions = {}): Uint8Array {
  const perSheet = options.rowsPerCandidateSheet ?? ROWS_PER_CANDIDATE_SHEET;
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
    ['主体类型', '风险等级', '候选数 N', '抽取数 k', '比例（万分比）'],
    ...plan.strata.map((s) => [ENTITY_KIND_LABELS[s.kind], classLabel(s.class), s.N, s.k, s.bp]),
    [],
    [PLAN_MARK],
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
  ];
  if (plan.warnings.length > 0) rows.push([], ['提示'], ...plan.warnings.map((w) => [w]));

  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    worksheet(rows, [14, 24, 12, 12, 10, 10, 26, 22, 16], new Set([1, 4, 6])),
    PLAN_SHEET,
  );

  const data = JSON.stringify({
    format: PLAN_FORMAT,
    task: plan.task,
    inspectors: plan.inspectors,
    warnings: plan.warnings,
    drawnAt: plan.drawnAt,
    drawnBy: plan.drawnBy,
  });
  const dataRows: Cell[][] = [['以下为核验所需数据（JSON，按行顺序拼接），请勿修改']];
  for (let i = 0; i < data.length; i += CHUNK) dataRows.push([data.slice(i, i + CHUNK)]);
  // Chunks are stored raw: JSON text never starts with a formula character, and neutralising would alter it.
  const dataSheet: XLSX.WorkSheet = {};
  dataRows.forEach((r, i) => {
    dataSheet[XLSX.utils.encode_cell({ r: i, c: 0 })] = { t: 's', v: r[0] as string };
  });
  dataSheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: dataRows.length - 1, c: 0 } });
  XLSX.utils.book_append_sheet(wb, dataSheet, DATA_SHEET);

  if (plan.candidates) {
    const all: Cell[][] = [];
    for (const s of plan.candidates) for (const id of s.ids) all.push([s.kind, s.class ?? '', id]);
    let part = 0;
    do {
      const slice = all.slice(part * perSheet, (part + 1) * perSheet);
      const sheetRows: Cell[][] = [['主体类型代码', '风险等级（空为未分类）', '标识'], ...slice];
      XLSX.utils.book_append_sheet(
        wb,
        worksheet(sheetRows, [14, 22, 24], new Set([2])),
        part === 0 ? CANDIDATE_SHEET : `${CANDIDATE_SHEET}${part + 1}`,
      );
      part++;
    } while (part * perSheet < all.length);
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

// ---- reading ----------------------------------------------------------------------------------------

function text(ws: XLSX.WorkSheet, r: number, c: number): string {
  const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
  if (!cell || cell.v === undefined || cell.v === null) return '';
  return restoreNeutralized(String(cell.v));
}

function int(ws: XLSX.WorkSheet, r: number, c: number, what: string): number {
  const n = Number(text(ws, r, c));
  if (!Number.isInteger(n)) throw new Error(`${PLAN_SHEET}第 ${r + 1} 行的${what}不是整数`);
  return n;
}

function kindOf(label: string, where: string): EntityKind {
  const k = KIND_BY_LABEL.get(label) ?? (ENTITY_KINDS as readonly string[]).find((x) => x === label);
  if (!k) throw new Error(`${where}的主体类型“${label}”无法识别`);
  return k as EntityKind;
}

const classOf = (label: string) => (label === UNCLASSIFIED_LABEL || label === '' ? null : label);

function rowCount(ws: XLSX.WorkSheet): number {
  return ws['!ref'] ? XLSX.utils.decode_range(ws['!ref']).e.r + 1 : 0;
}

/** Reads a plan workbook back into a plan document (validated); throws a Chinese Error when it is not one. */
export function readPlanXlsx(bytes: Uint8Array): PlanDocument {
  const wb = XLSX.read(bytes, { type: 'buffer', dense: false });
  const ws = wb.Sheets[PLAN_SHEET];
  const data = wb.Sheets[DATA_SHEET];
  if (!ws || !data) throw new Error(`不是抽查计划文件：缺少“${PLAN_SHEET}”或“${DATA_SHEET}”工作表`);
  const n = rowCount(ws);

  const label = (name: string) => {
    for (let r = 0; r < n; r++) if (text(ws, r, 0) === name) return text(ws, r, 1);
    throw new Error(`${PLAN_SHEET}中缺少“${name}”`);
  };
  const mark = (name: string) => {
    for (let r = 0; r < n; r++) if (text(ws, r, 0) === name) return r;
    throw new Error(`${PLAN_SHEET}中缺少“${name}”一节`);
  };

  const strata: DrawStratum[] = [];
  for (let r = mark(STRATA_MARK) + 2; r < n && text(ws, r, 0) !== ''; r++) {
    strata.push({
      kind: kindOf(text(ws, r, 0), `${PLAN_SHEET}第 ${r + 1} 行`),
      class: classOf(text(ws, r, 1)),
      N: int(ws, r, 2, '候选数'),
      k: int(ws, r, 3, '抽取数'),
      bp: int(ws, r, 4, '比例'),
    });
  }

  const selected: DrawSelected[] = [];
  const teams: DrawTeam[] = [];
  const unstaffed: string[] = [];
  for (let r = mark(PLAN_MARK) + 2; r < n && text(ws, r, 0) !== ''; r++) {
    const id = text(ws, r, 1);
    selected.push({
      id,
      kind: kindOf(text(ws, r, 2), `${PLAN_SHEET}第 ${r + 1} 行`),
      class: classOf(text(ws, r, 3)),
    });
    const members = text(ws, r, 6);
    if (members === '') unstaffed.push(id);
    else teams.push({ entity: id, inspectors: members.split('、'), lead: text(ws, r, 4) });
  }

  let json = '';
  for (let r = 1, m = rowCount(data); r < m; r++) {
    const cell = data[XLSX.utils.encode_cell({ r, c: 0 })] as XLSX.CellObject | undefined;
    json += cell?.v === undefined ? '' : String(cell.v);
  }
  let inputs: {
    task?: unknown;
    inspectors?: unknown;
    warnings?: unknown;
    drawnAt?: unknown;
    drawnBy?: unknown;
  };
  try {
    inputs = JSON.parse(json);
  } catch {
    throw new Error(`“${DATA_SHEET}”工作表的内容已损坏`);
  }

  let candidates: PlanCandidateStratum[] | null = null;
  const candidateSheets = wb.SheetNames.filter((s) => s === CANDIDATE_SHEET || /^候选名单\d+$/.test(s));
  if (candidateSheets.length > 0) {
    const groups = new Map<string, PlanCandidateStratum>();
    for (const name of candidateSheets) {
      const cs = wb.Sheets[name]!;
      for (let r = 1, m = rowCount(cs); r < m; r++) {
        const kind = kindOf(text(cs, r, 0), `${name}第 ${r + 1} 行`);
        const cls = classOf(text(cs, r, 1));
        const key = `${kind}\u0000${cls ?? ''}`;
        let g = groups.get(key);
        if (!g) {
          g = { kind, class: cls, ids: [] };
          groups.set(key, g);
        }
        g.ids.push(text(cs, r, 2));
      }
    }
    candidates = [...groups.values()];
  }

  return parsePlanDocument({
    format: label('文件格式'),
    task: inputs.task,
    inspectors: inputs.inspectors,
    candidates,
    digest: label('承诺摘要'),
    seed: label('随机种子'),
    strata,
    selected,
    teams,
    unstaffed,
    warnings: inputs.warnings ?? [],
    drawnAt: inputs.drawnAt ?? null,
    drawnBy: inputs.drawnBy ?? null,
  });
}
