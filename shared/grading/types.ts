/**
 * Types of the grading engine (SPEC §5): the declarative model format, the credit file it grades and
 * the explained result. A model is data: everything it can say is listed here, nothing is executed.
 */
import type { EntityKind, EntityStatus } from '../domain/entity.ts';
import type { CreditRecord, PenaltyKind, RecordType } from '../domain/records.ts';

/** The model format this engine reads; a file states it so a future format can be told apart. */
export const MODEL_FORMAT = 'creditdesk-model/1';

// ---------------------------------------------------------------------------------------------------
// Credit files (the input)

/** The entity fields grading looks at; any other fields of the entity may be present and are ignored. */
export interface GradingEntity {
  kind: EntityKind;
  /** Missing means active (存续). Entities not active are not graded (SPEC §5.3). */
  status?: EntityStatus | null;
  establishedOn?: string | null;
  name?: string | null;
}

/** A credit record in the canonical exchange form, optionally with the database id it came from. */
export type GradingRecord = CreditRecord & { id?: string | number | null };

/**
 * One credit file: an entity and all its records. The `grade` command reads an array of these
 * (`CREDITFILES.json`); records dated after `asOf` are ignored, record order does not matter.
 */
export interface CreditFile {
  id: string;
  entity: GradingEntity;
  records: readonly GradingRecord[];
  /**
   * Which data was loaded for this file (absent: none). A fact scored from the absence of a record
   * counts only where the data it would be in was loaded: data never loaded is not a violation.
   */
  coverage?: GradingCoverage | null;
}

/** The data loaded for a credit file, where the absence of a record is scored. */
export interface GradingCoverage {
  /**
   * Report years whose annual reports were loaded (for this entity's kind). Treated as immutable: the
   * evaluator remembers the last list it saw by identity, so files sharing one list cost nothing extra.
   */
  annualReports?: readonly number[];
}

// ---------------------------------------------------------------------------------------------------
// The model (the JSON format, `format: "creditdesk-model/1"`)

/** A window looking back from `asOf`: a record counts when `asOf − months < its date ≤ asOf`. */
export interface LookBack {
  months: number;
}

/**
 * Which records an indicator or override looks at. All present conditions must hold (AND);
 * `anyOf` holds when at least one of its alternatives does.
 */
export interface RecordPredicate {
  type: RecordType;
  /**
   * When the record counts (SPEC §5.1 影响期):
   * - `inEffect` (default for penalties and the three lists): a penalty inside its publicity period
   *   (45号令) and not repaired; a list entry from listing until removal.
   * - `removed`: a list entry removed on or before `asOf` (the window, if any, applies to `removedOn`).
   * - `any`: any record dated on or before `asOf` (default for every other kind).
   */
  state?: 'inEffect' | 'removed' | 'any';
  /** Look-back window from `asOf` (on the record date, or on `removedOn` with `state: removed`). */
  within?: LookBack;
  /** penalty: at least one of these kinds. */
  penaltyKindsAny?: PenaltyKind[];
  /** penalty: fine ≥ this amount (yuan). */
  fineAtLeast?: number;
  /** inspection: at least one of these result codes (SPEC §6.6). */
  resultsAny?: string[];
  /** complaint: substantiated or not. */
  substantiated?: boolean;
  /** annual_report: on time or not. */
  onTime?: boolean;
  /** quality_check: qualified or not. */
  qualified?: boolean;
  /** commitment: fulfilled (true), violated (false), still running (null). */
  fulfilled?: boolean | null;
  /** change: one of these registration fields. */
  fieldsAny?: string[];
  /** commendation: one of these levels (国家级, 省级, 市级, 县级). */
  levelsAny?: string[];
  /** abnormal_list: one of these reasons. */
  reasonsAny?: string[];
  /** public_credit_score: of this scheme. */
  scheme?: string;
  /** Alternatives (OR) of further conditions on the same record type. */
  anyOf?: Array<Omit<RecordPredicate, 'type' | 'state' | 'within' | 'anyOf'>>;
}

/**
 * Derived (non-record) facts an indicator can count.
 * - `annualReportsMissing`: a report year whose deadline (30 June of the next year) passed within the
 *   last `years` years, with the entity established before that year ended, no `annual_report`
 *   record for that year, and that year's annual reports loaded (`CreditFile.coverage`) — one count per
 *   year. A year not loaded is shown as a zero-point `not-loaded` line instead.
 * - `yearsEstablished`: whole years since `establishedOn`, counted up to `years` (a bonus for a long
 *   record of operation).
 */
export interface DerivedSource {
  derived: 'annualReportsMissing' | 'yearsEstablished';
  years: number;
}

export interface Indicator {
  id: string;
  /** Chinese label shown in the breakdown. */
  label: string;
  /** The dimension this indicator belongs to (heilongjiang: 基本情况 / 经营状况 / 社会责任). */
  dimension?: string;
  /** Deductions lower the score, bonuses raise it; `points` and `cap` are magnitudes (≥ 0). */
  kind: 'deduction' | 'bonus';
  /** Records or derived facts counted; the counts of all sources add up (e.g. late + missing reports). */
  sources: Array<RecordPredicate | DerivedSource>;
  /**
   * `perRecord`: points for each counted record (or derived fact); `once`: points once when at least
   * `minCount` (default 1) are counted.
   */
  mode: 'perRecord' | 'once';
  minCount?: number;
  points: number;
  /** Largest total magnitude of this indicator. */
  cap?: number;
  /** Only entities of these kinds (e.g. annual reports: enterprises and cooperatives). */
  entityKinds?: EntityKind[];
  /**
   * Counts only when none of these (earlier) indicators produced points. E.g. "abnormal listings
   * removed within 36 months" does not apply while the entity is on the list now: otherwise removing
   * one of two listings would lower the score (SPEC §5.4).
   */
  unless?: string[];
}

export interface Dimension {
  id: string;
  label: string;
  /** The dimension's share of the scale (documentation and the UI; the score is base + Σ points). */
  max?: number;
}

/** One band: both bounds stated with their inclusiveness (SPEC §5.1). Grades are listed best first. */
export interface Band {
  grade: string;
  /** Chinese meaning, e.g. 信用风险低. */
  label: string;
  min: number;
  minInclusive: boolean;
  max: number;
  maxInclusive: boolean;
}

/** Conditions of an override; all present conditions must hold. */
export interface OverrideCondition {
  /** At least one record matching this predicate. */
  record?: RecordPredicate;
  /** Established less than this many months before `asOf`. */
  establishedWithinMonths?: number;
  /**
   * No in-effect negative record: no deduction indicator produced points and no override with a
   * `record` condition fired.
   */
  noDeductions?: boolean;
  /**
   * The latest `public_credit_score` record of any listed scheme carries that scheme's listed grade
   * (e.g. the scheme's worst grade).
   */
  publicCreditGrade?: Record<string, string[]>;
}

export interface Override {
  id: string;
  /** `force`: the final grade is this grade; `cap`: the final grade is no better than this grade. */
  action: 'force' | 'cap';
  grade: string;
  /** Chinese reason shown when it fires. */
  reason: string;
  when: OverrideCondition;
}

/** Score-only mode (SPEC §5.2): the province's pushed score of this scheme, mapped through the bands. */
export interface ScoreOnly {
  scheme: string;
}

/**
 * How long records stay in effect when the record itself does not say (SPEC §4, 45号令, 44号令).
 * Every field has a default; a model states only what its province does differently.
 */
export interface EffectSettings {
  /** 较低数额罚款 for organisations (yuan, exclusive): penalties only of 通报批评/罚款 below it → 3 months. Default 100,000. */
  lowFineOrganisation?: number;
  /** Same for 个体工商户. Default 10,000. */
  lowFineIndividual?: number;
  /** Publicity of light penalties (months). Default 3. */
  lightPenaltyMonths?: number;
  /** Publicity of other penalties (months). Default 36. */
  penaltyMonths?: number;
  /** A 严重违法失信名单 entry lapses this many months after listing even without a removal record. Default 36. */
  seriousViolationListMonths?: number;
}

export interface GradingModel {
  format: typeof MODEL_FORMAT;
  id: string;
  version: string;
  /** First date (YYYY-MM-DD) this version applies to. */
  effectiveFrom: string;
  name: string;
  description?: string;
  /** Where the model comes from (seed document, project default …). */
  source?: string;
  scale: { min: number; max: number };
  base: number;
  /** Entity kinds this model grades (default all). Entities of other statuses than active are never graded. */
  entityKinds?: EntityKind[];
  dimensions?: Dimension[];
  indicators: Indicator[];
  /** Best grade first; together they cover the whole scale with no gap or overlap. */
  bands: Band[];
  overrides?: Override[];
  scoreOnly?: ScoreOnly;
  effect?: EffectSettings;
}

// ---------------------------------------------------------------------------------------------------
// The result

/** One record that produced points or fired an override. */
export interface Evidence {
  /** Position of the record in the credit file's `records` (−1 for derived facts). */
  index: number;
  /** The record's database id when the file carried one, else null. */
  id: string | number | null;
  type: RecordType | 'derived';
  date: string;
  /** Short Chinese description, e.g. 2025-04-10 行政处罚（罚款，5000 元）. */
  summary: string;
}

export interface BreakdownLine {
  /**
   * Indicator id; `base` for the base score, `clamp` for the scale clamp, `public_credit_score` in
   * score-only mode, `not-loaded` (0 points) for a report year whose data was never loaded.
   */
  indicator: string;
  label: string;
  dimension?: string;
  /** Signed points with two decimals; the lines of a breakdown sum to the score. */
  points: number;
  /** How many records (or derived facts) the indicator counted. */
  count?: number;
  /** True when the indicator's cap cut its points. */
  capped?: boolean;
  evidence: Evidence[];
}

export interface FiredOverride {
  id: string;
  action: 'force' | 'cap';
  grade: string;
  reason: string;
  evidence: Evidence[];
}

export interface GradeResult {
  id: string;
  /** Two decimals; null when the entity is not graded. */
  score: number | null;
  /** The grade of the score through the bands, before overrides. */
  scoreGrade: string | null;
  /** The final grade after overrides; null when the entity is not graded. */
  grade: string | null;
  /** Chinese label of the final grade's band. */
  gradeLabel: string | null;
  /** Set when the entity is not graded (e.g. 已注销), with the Chinese reason. */
  notGraded: string | null;
  /** True when the score is the province's pushed score (score-only mode). */
  scoreOnly: boolean;
  breakdown: BreakdownLine[];
  overrides: FiredOverride[];
}

/** A compiled model: grade one credit file as of a date (YYYY-MM-DD). Pure; safe to call millions of times. */
export type Evaluator = (file: CreditFile, asOf: string) => GradeResult;

export interface CompileOptions {
  /**
   * false: leave `breakdown` and the overrides' `evidence` empty (score, grades and fired overrides are
   * still exact) — for bulk runs that only need the grade; those empty arrays are shared and frozen.
   * Default true.
   */
  explain?: boolean;
}

export interface ModelIssue {
  /** JSON path, e.g. `bands[2].min`. */
  path: string;
  /** Chinese message. */
  message: string;
}

export type ParseModelResult =
  | { ok: true; model: GradingModel }
  | { ok: false; errors: string[]; issues: ModelIssue[] };
