/**
 * A small county for the analysis tests, written as plain definitions: entities, three grading runs
 * (last quarter, this quarter, and one after the cut-off that must be ignored), adjustments, six
 * inspection tasks around the fourth quarter of 2026, objections and repair applications with their
 * steps. The test computes every expected figure from these definitions with its own loops.
 */
import { type DataDoor, run, type SqlValue, sql, value } from '../../electron/db/sql.ts';
import { writeRunSummary } from '../../electron/services/grading/repository/run-summary.ts';
import { getBuiltinModel } from '../../shared/grading/builtins.ts';

export const CLASSES = ['A', 'B', 'C', 'D'] as const;
const TOWNS = ['城关镇', '东风街道', '西山乡', null] as const;
const UNITS = ['城关市场监管所', '东风市场监管所', null] as const;
const INDUSTRIES = ['F5211', '5212', 'H6210', 'C1311', null] as const;
const KINDS = ['enterprise', 'individual', 'cooperative', 'enterprise'] as const;

export interface FxEntity {
  id: number;
  township: string | null;
  jurisdiction: string | null;
  industry: string | null;
  kind: (typeof KINDS)[number];
}

export const ENTITIES: FxEntity[] = Array.from({ length: 48 }, (_, k) => {
  const id = k + 1;
  return {
    id,
    township: TOWNS[id % 4] ?? null,
    jurisdiction: UNITS[id % 3] ?? null,
    industry: INDUSTRIES[id % 5] ?? null,
    kind: KINDS[Math.floor(id / 4) % 4] ?? 'enterprise',
  };
});

export interface FxRun {
  id: number;
  asOf: string;
  status: 'complete' | 'running';
  /** Computed grade per entity id (entities absent were not graded). */
  grades: Map<number, string>;
  /** Adjustments in insertion order. */
  adjustments: { entityId: number; to: string }[];
}

const gradesOf = (ids: number[], f: (id: number) => string) => new Map(ids.map((id) => [id, f(id)]));
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

export const RUNS: FxRun[] = [
  {
    id: 1,
    asOf: '2026-09-30',
    status: 'complete',
    grades: gradesOf(ids(1, 44), (id) => CLASSES[(id * 3) % 4] as string),
    adjustments: [{ entityId: 20, to: 'A' }],
  },
  {
    id: 2,
    asOf: '2026-12-15',
    status: 'complete',
    grades: gradesOf(
      ids(3, 48),
      (id) => CLASSES[(id * 3 + (id % 5 === 0 ? 1 : 0) + (id % 7 === 0 ? 3 : 0)) % 4] as string,
    ),
    adjustments: [
      { entityId: 10, to: 'B' },
      { entityId: 11, to: 'D' },
      { entityId: 10, to: 'A' },
    ],
  },
  // Not finished: never used.
  { id: 3, asOf: '2026-12-20', status: 'running', grades: gradesOf(ids(1, 48), () => 'D'), adjustments: [] },
  // After the cut-off: not the fourth quarter's run.
  { id: 4, asOf: '2027-01-10', status: 'complete', grades: gradesOf(ids(1, 48), () => 'A'), adjustments: [] },
];

/** Result codes and follow-up of an entity's result (a cycle through the production vocabulary). */
const CODE_CYCLE: string[][] = [
  ['1'],
  ['A', 'B'],
  ['E'],
  ['F'],
  ['8'],
  ['A', 'C', '6'],
  ['7'],
  ['9'],
  ['A'],
  ['A', '3'],
  ['1'],
  ['A', 'D', '5'],
  ['A', '4'],
];
export const codesOf = (entityId: number): string[] => CODE_CYCLE[entityId % CODE_CYCLE.length] as string[];
export function followUpOf(entityId: number): string | null {
  const pending = codesOf(entityId).some((c) => ['A', 'B', 'C', '6', 'D', '3', '4', '5'].includes(c));
  if (pending) {
    return (
      ['发现案件线索，移送办案机构依法依规处理', null, '违反其他部门相关规定，抄告相关部门'][entityId % 3] ??
      null
    );
  }
  return entityId % 2 === 0 ? '未发现问题或相关问题已规范、已改正，无需后续处置' : null;
}

export interface FxTask {
  id: number;
  name: string;
  directed: boolean;
  start: string;
  end: string;
  publishedAt: string | null;
  candidates: number;
  entities: number[];
  /** Entity → [checked on, entered at]; absent = no result. */
  results: Map<number, [string, string]>;
  ratios: Record<string, Record<string, number>>;
}

const resultsFor = (list: number[], checked: string, entered: string) =>
  new Map(list.map((id) => [id, [checked, entered] as [string, string]]));
const FLAT = { A: 100, B: 300, C: 600, D: 1000 };

export const TASKS: FxTask[] = [
  {
    id: 1,
    name: '企业公示信息抽查',
    directed: false,
    start: '2026-10-09',
    end: '2026-10-20',
    publishedAt: '2026-11-10T03:00:00.000Z',
    candidates: 40,
    entities: ids(1, 12),
    results: resultsFor(ids(1, 12), '2026-10-15', '2026-10-25T02:00:00.000Z'),
    ratios: { enterprise: FLAT, individual: FLAT, cooperative: FLAT },
  },
  {
    id: 2,
    name: '食品经营定向抽查',
    directed: true,
    start: '2026-11-02',
    end: '2026-11-30',
    publishedAt: null,
    candidates: 30,
    entities: ids(13, 22),
    results: new Map([
      ...resultsFor(ids(13, 18), '2026-11-20', '2026-12-01T02:00:00.000Z'),
      // Checked in the quarter, entered after the cut-off: not yet known on the cut-off day.
      ...resultsFor([19], '2026-11-25', '2027-01-05T02:00:00.000Z'),
    ]),
    ratios: { enterprise: FLAT },
  },
  {
    id: 3,
    name: '个体工商户抽查',
    directed: false,
    start: '2026-12-01',
    end: '2026-12-10',
    // Published after the cut-off: 录入中 on the report.
    publishedAt: '2027-01-20T03:00:00.000Z',
    candidates: 25,
    entities: ids(23, 30),
    results: resultsFor(ids(23, 30), '2026-12-08', '2026-12-12T02:00:00.000Z'),
    ratios: { enterprise: FLAT },
  },
  {
    id: 4,
    name: '三季度抽查',
    directed: false,
    start: '2026-09-01',
    end: '2026-09-20',
    publishedAt: '2026-09-25T03:00:00.000Z',
    candidates: 20,
    entities: ids(31, 36),
    results: resultsFor(ids(31, 36), '2026-09-18', '2026-09-19T02:00:00.000Z'),
    ratios: { enterprise: FLAT },
  },
  {
    id: 5,
    name: '年末专项抽查',
    directed: true,
    start: '2026-12-14',
    end: '2026-12-20',
    publishedAt: '2026-12-22T03:00:00.000Z',
    candidates: 10,
    entities: [37, 38, 39, 5],
    results: resultsFor([37, 38, 39, 5], '2026-12-18', '2026-12-19T02:00:00.000Z'),
    ratios: {
      enterprise: { A: 200, B: 400, C: 800, D: 1500 },
      individual: { A: 100, B: 200, C: 500, D: 1000 },
      cooperative: { A: 300, B: 300, C: 300, D: 300 },
    },
  },
  {
    id: 6,
    name: '国庆后抽查',
    directed: false,
    start: '2026-10-09',
    end: '2026-10-09',
    // Later than 20 working days after the check ended.
    publishedAt: '2026-11-30T03:00:00.000Z',
    candidates: 16,
    entities: ids(41, 44),
    results: resultsFor(ids(41, 44), '2026-10-09', '2026-10-10T02:00:00.000Z'),
    ratios: { enterprise: FLAT },
  },
];

export interface FxCase {
  id: number;
  received: string;
  state: string;
  action?: 'remove_abnormal' | 'stop_publicity';
  steps: [string, string][];
}

export const OBJECTIONS: FxCase[] = [
  {
    id: 1,
    received: '2026-10-12',
    state: 'decided',
    steps: [
      ['accept', '2026-10-14'],
      ['decide', '2026-11-05'],
    ],
  },
  { id: 2, received: '2026-11-02', state: 'received', steps: [] },
  { id: 3, received: '2026-12-28', state: 'received', steps: [] },
  { id: 4, received: '2026-12-01', state: 'not_accepted', steps: [['refuse', '2026-12-03']] },
  {
    id: 5,
    received: '2026-12-01',
    state: 'decided',
    steps: [
      ['accept', '2026-12-02'],
      ['decide', '2027-01-10'],
    ],
  },
  { id: 6, received: '2027-01-03', state: 'received', steps: [] },
];

/**
 * Monitoring warnings: each step with the local day it was taken (stored at noon UTC, the same local day
 * from UTC−11 to UTC+11). Covers a warning raised the quarter before, a reopened one, one concluded after
 * the cut-off and one raised after it.
 */
export interface FxWarning {
  id: number;
  steps: ['generate' | 'confirm' | 'close' | 'dismiss' | 'reopen', string][];
}
export const WARNINGS: FxWarning[] = [
  {
    id: 1,
    steps: [
      ['generate', '2026-10-10'],
      ['confirm', '2026-10-12'],
      ['close', '2026-11-05'],
    ],
  },
  {
    id: 2,
    steps: [
      ['generate', '2026-09-20'],
      ['dismiss', '2026-10-15'],
    ],
  },
  {
    id: 3,
    steps: [
      ['generate', '2026-11-01'],
      ['confirm', '2026-11-02'],
    ],
  },
  { id: 4, steps: [['generate', '2026-12-20']] },
  {
    id: 5,
    steps: [
      ['generate', '2026-10-05'],
      ['close', '2026-10-20'],
      ['reopen', '2026-11-10'],
    ],
  },
  {
    id: 6,
    steps: [
      ['generate', '2026-10-12'],
      ['close', '2027-01-05'],
    ],
  },
  { id: 7, steps: [['generate', '2027-01-03']] },
  {
    id: 8,
    steps: [
      ['generate', '2026-12-01'],
      ['dismiss', '2026-12-03'],
    ],
  },
];

export const REPAIRS: FxCase[] = [
  {
    id: 1,
    received: '2026-10-13',
    state: 'executed',
    action: 'remove_abnormal',
    steps: [
      ['accept', '2026-10-14'],
      ['verify', '2026-10-15'],
      ['grant', '2026-10-16'],
      ['execute', '2026-10-19'],
    ],
  },
  { id: 2, received: '2026-11-16', state: 'applied', action: 'stop_publicity', steps: [] },
  {
    id: 3,
    received: '2026-12-01',
    state: 'accepted',
    action: 'stop_publicity',
    steps: [['accept', '2026-12-02']],
  },
  { id: 4, received: '2026-12-28', state: 'applied', action: 'remove_abnormal', steps: [] },
  {
    id: 5,
    received: '2026-11-02',
    state: 'denied',
    action: 'stop_publicity',
    steps: [
      ['accept', '2026-11-03'],
      ['verify', '2026-11-10'],
      ['deny', '2026-11-20'],
    ],
  },
  {
    id: 6,
    received: '2026-12-21',
    state: 'granted',
    action: 'remove_abnormal',
    steps: [
      ['accept', '2026-12-22'],
      ['verify', '2026-12-22'],
      ['grant', '2026-12-23'],
    ],
  },
];

const AT = '2026-12-31T00:00:00.000Z';

/**
 * A statement with `?` placeholders run on either engine through the door: the fixture's inserts keep
 * their positional form. (The cast: `sql` is a tag; called directly it needs its strings array, which
 * a split of the text is — the same shape a template literal would give.)
 */
const statement =
  (db: DataDoor, text: string) =>
  (...values: SqlValue[]): void => {
    const parts = text.split('?');
    run(db, sql(Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray, ...values));
  };

/** Writes the fixture into a database set up by app.setup (no entities), graded by the county default model. */
export function writeFixture(db: DataDoor): { modelId: string; modelVersion: string } {
  const model = getBuiltinModel('samr-risk');
  if (!model) throw new Error('samr-risk is a built-in model');
  const entity = statement(
    db,
    `INSERT INTO entities (id, uscc, name, kind, township, jurisdiction, industry_code, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
  );
  for (const e of ENTITIES) {
    entity(
      e.id,
      `FX${String(e.id).padStart(16, '0')}`,
      `测试主体${e.id}`,
      e.kind,
      e.township,
      e.jurisdiction,
      e.industry,
      AT,
      AT,
    );
  }
  const insertRun = statement(
    db,
    `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count, distribution)
     VALUES (?, ?, ?, ?, 'admin', ?, ?, ?, ?)`,
  );
  const result = statement(
    db,
    `INSERT INTO grading_results (run_id, entity_id, score, score_grade, grade, breakdown) VALUES (?, ?, NULL, ?, ?, '{}')`,
  );
  const adjust = statement(
    db,
    `INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
     VALUES (?, ?, ?, ?, '人工调整', 'admin', ?)`,
  );
  for (const r of RUNS) {
    const distribution: Record<string, number> = {};
    for (const g of r.grades.values()) distribution[g] = (distribution[g] ?? 0) + 1;
    insertRun(
      r.id,
      model.id,
      model.version,
      r.asOf,
      AT,
      r.status,
      r.grades.size,
      JSON.stringify(distribution),
    );
    for (const [entityId, g] of r.grades) result(r.id, entityId, g, g);
    for (const a of r.adjustments) adjust(r.id, a.entityId, r.grades.get(a.entityId) ?? null, a.to, AT);
    // What completing a run writes for the analysis views (the runs here are stored directly).
    if (r.status === 'complete') writeRunSummary(db, r.id);
  }
  const task = statement(
    db,
    `INSERT INTO inspection_tasks (id, number, name, items, directed, class_order, ratios, start_date, end_date,
       team_size, status, current_plan_id, created_at, created_by, updated_at, published_at)
     VALUES (?, ?, ?, '[]', ?, '["A","B","C","D"]', ?, ?, ?, 2, ?, ?, ?, 'admin', ?, ?)`,
  );
  const plan = statement(
    db,
    `INSERT INTO inspection_plans (id, task_id, seq, digest, seed, plan_file, strata, candidates, drawn_at, drawn_by)
     VALUES (?, ?, 1, 'x', 'x', '{}', '[]', ?, ?, 'admin')`,
  );
  const entry = statement(
    db,
    `INSERT INTO inspection_plan_entries (plan_id, position, entity_id, code, kind, class) VALUES (?, ?, ?, ?, ?, NULL)`,
  );
  const res = statement(
    db,
    `INSERT INTO inspection_results (plan_id, entity_id, checked_on, results, follow_up, entered_at, entered_by)
     VALUES (?, ?, ?, ?, ?, ?, 'admin')`,
  );
  for (const t of TASKS) {
    const planId = 100 + t.id;
    task(
      t.id,
      `测〔2026〕${t.id}号`,
      t.name,
      t.directed ? 1 : 0,
      JSON.stringify(t.ratios),
      t.start,
      t.end,
      t.publishedAt ? 'published' : 'in_progress',
      null,
      AT,
      AT,
      t.publishedAt,
    );
    plan(planId, t.id, t.candidates, AT);
    statement(db, 'UPDATE inspection_tasks SET current_plan_id = ? WHERE id = ?')(planId, t.id);
    t.entities.forEach((id, i) => {
      const e = ENTITIES[id - 1] as FxEntity;
      entry(planId, i + 1, id, `FX${id}`, e.kind);
    });
    for (const [id, [checked, entered]] of t.results) {
      res(planId, id, checked, JSON.stringify(codesOf(id)), followUpOf(id), entered);
    }
  }
  const objection = statement(
    db,
    `INSERT INTO objections (id, entity_id, subject, objector, channel, reasons, received_on, state, created_at, created_by, updated_at)
     VALUES (?, 1, '行政处罚信息', '张三', 'window', '信息有误', ?, ?, ?, 'admin', ?)`,
  );
  const repair = statement(
    db,
    `INSERT INTO repair_applications (id, entity_id, record_type, record_snapshot, action, state, applicant, reason, channel,
       applied_on, created_at, created_by, updated_at)
     VALUES (?, 2, 'penalty', '{}', ?, ?, '李四', '已整改', '窗口', ?, ?, 'admin', ?)`,
  );
  const step = statement(
    db,
    `INSERT INTO case_steps (case_kind, case_id, step, on_date, at, by_user) VALUES (?, ?, ?, ?, ?, 'admin')`,
  );
  for (const o of OBJECTIONS) {
    objection(o.id, o.received, o.state, AT, AT);
    for (const [s, on] of o.steps) step('objection', o.id, s, on, AT);
  }
  for (const r of REPAIRS) {
    repair(r.id, r.action ?? null, r.state, r.received, AT, AT);
    for (const [s, on] of r.steps) step('repair', r.id, s, on, AT);
  }
  writeWarnings(db);
  return { modelId: model.id, modelVersion: model.version };
}

function writeWarnings(db: DataDoor): void {
  const seq = value<number>(db, sql`SELECT max(seq) FROM monitoring_rule_sets`) as number;
  statement(
    db,
    `INSERT INTO monitoring_runs (id, as_of, rule_set_seq, created_by, created_at) VALUES (1, '2026-12-31', ?, 'admin', ?)`,
  )(seq, AT);
  const warning = statement(
    db,
    `INSERT INTO monitoring_warnings (id, rule, subject_type, subject_key, subject_display, level, action, status,
       entities, evidence, digest, first_run_id, last_run_id, first_seen_at, last_seen_at, updated_at)
     VALUES (?, 'same_address', 'address', ?, ?, '中', '检查', 'open', '[]', '[]', '', 1, 1, ?, ?, ?)`,
  );
  const step = statement(
    db,
    `INSERT INTO monitoring_warning_steps (warning_id, run_id, step, at, by_user) VALUES (?, 1, ?, ?, 'admin')`,
  );
  for (const w of WARNINGS) {
    warning(w.id, `地址${w.id}`, `地址${w.id}`, AT, AT, AT);
    for (const [s, on] of w.steps) step(w.id, s, `${on}T12:00:00.000Z`);
  }
}
