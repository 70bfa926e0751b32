/**
 * The plan file as an Excel workbook (SPEC §6.4; layout in docs/sampling-draw.md §8), for bureaus whose
 * lingua franca is Excel: people read the first sheet (and 检查对象和人员 when exported from the app),
 * `sample verify` reads them all.
 *   抽查计划       task, period, seed and digest, strata, then one row per selected entity with its team.
 *   核验数据       the task, inspector pool, seed, digest (and entity names) as JSON text (cells of ≤ 30,000
 *                  characters, in row order).
 *   候选名单       the committed candidates (continued on 候选名单2 … beyond 1,000,000 rows).
 *   检查对象和人员  the entities and teams by name (plans exported from the app).
 * What the visible sheets show is laid out by plan-xlsx-layout.ts; verification renders it again from
 * the recomputed plan and compares every cell (plan-xlsx-verify.ts). Strings that could run as formulas
 * are neutralised on write and restored on read.
 */
import * as XLSX from 'xlsx';
import { ENTITY_KINDS, type EntityKind, ENTITY_KIND_LABELS } from '../../../shared/domain/entity.ts';
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
import {
  CANDIDATE_HEADER,
  CANDIDATE_SHEET,
  type Cell,
  DATA_HEADER,
  DATA_SHEET,
  PEOPLE_SHEET,
  PLAN_MARK,
  PLAN_SHEET,
  type PlanPeople,
  peopleSheetLayout,
  planSheetLayout,
  type SheetLayout,
  STRATA_MARK,
  UNCLASSIFIED_LABEL,
} from './plan-xlsx-layout.ts';

export { CANDIDATE_SHEET, DATA_SHEET, PEOPLE_SHEET, PLAN_SHEET } from './plan-xlsx-layout.ts';

const CHUNK = 30_000;
/** Excel's limit is 1,048,576 rows; a round number per sheet keeps the split easy to read. */
const ROWS_PER_CANDIDATE_SHEET = 1_000_000;

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

const layoutSheet = (l: SheetLayout) => worksheet(l.rows, l.widths, l.textColumns);

export interface PlanXlsxOptions {
  /** Rows per candidate sheet (default 1,000,000; Excel's limit is 1,048,576). */
  rowsPerCandidateSheet?: number;
  /** Adds the sheet 检查对象和人员 (entity names as of the export) after the candidate sheets. */
  people?: PlanPeople;
}

/**
 * What 核验数据 records besides the plan document's inputs: the seed and digest (so an edit of either on
 * the visible sheet names that cell) and the entity names of 检查对象和人员. Older files lack them.
 */
export interface RecordedExtras {
  seed?: string;
  digest?: string;
  entityNames?: Record<string, string>;
}

/** The workbook's bytes. */
export function writePlanXlsx(plan: PlanDocument, options: PlanXlsxOptions = {}): Uint8Array {
  const perSheet = options.rowsPerCandidateSheet ?? ROWS_PER_CANDIDATE_SHEET;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, layoutSheet(planSheetLayout(plan)), PLAN_SHEET);

  const data = JSON.stringify({
    format: PLAN_FORMAT,
    task: plan.task,
    inspectors: plan.inspectors,
    warnings: plan.warnings,
    drawnAt: plan.drawnAt,
    drawnBy: plan.drawnBy,
    seed: plan.seed,
    digest: plan.digest,
    ...(options.people ? { entityNames: options.people.entityNames } : {}),
  });
  const dataRows: string[] = [DATA_HEADER];
  for (let i = 0; i < data.length; i += CHUNK) dataRows.push(data.slice(i, i + CHUNK));
  // Chunks are stored raw: JSON text never starts with a formula character, and neutralising would alter it.
  const dataSheet: XLSX.WorkSheet = {};
  dataRows.forEach((v, i) => {
    dataSheet[XLSX.utils.encode_cell({ r: i, c: 0 })] = { t: 's', v };
  });
  dataSheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: dataRows.length - 1, c: 0 } });
  XLSX.utils.book_append_sheet(wb, dataSheet, DATA_SHEET);

  if (plan.candidates) {
    const all: Cell[][] = [];
    for (const s of plan.candidates) for (const id of s.ids) all.push([s.kind, s.class ?? '', id]);
    let part = 0;
    do {
      const slice = all.slice(part * perSheet, (part + 1) * perSheet);
      const sheetRows: Cell[][] = [[...CANDIDATE_HEADER], ...slice];
      XLSX.utils.book_append_sheet(
        wb,
        worksheet(sheetRows, [14, 22, 24], new Set([2])),
        part === 0 ? CANDIDATE_SHEET : `${CANDIDATE_SHEET}${part + 1}`,
      );
      part++;
    } while (part * perSheet < all.length);
  }
  if (options.people)
    XLSX.utils.book_append_sheet(wb, layoutSheet(peopleSheetLayout(plan, options.people)), PEOPLE_SHEET);
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

// ---- reading ----------------------------------------------------------------------------------------

export function text(ws: XLSX.WorkSheet, r: number, c: number): string {
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
  return readPlanWorkbook(XLSX.read(bytes, { type: 'buffer', dense: false })).plan;
}

/**
 * The plan as the visible sheet shows it (seed, digest, strata, selection, teams) with the inputs of
 * 核验数据 and 候选名单, plus what 核验数据 records besides (RecordedExtras).
 */
export function readPlanWorkbook(wb: XLSX.WorkBook): { plan: PlanDocument; recorded: RecordedExtras } {
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
    seed?: unknown;
    digest?: unknown;
    entityNames?: unknown;
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

  const plan = parsePlanDocument({
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
  const recorded: RecordedExtras = {};
  if (typeof inputs.seed === 'string') recorded.seed = inputs.seed;
  if (typeof inputs.digest === 'string') recorded.digest = inputs.digest;
  if (inputs.entityNames && typeof inputs.entityNames === 'object')
    recorded.entityNames = inputs.entityNames as Record<string, string>;
  return { plan, recorded };
}
