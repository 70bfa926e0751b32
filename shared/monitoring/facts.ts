/**
 * The input of the monitoring engine (`evaluateMonitoring`). Both sources produce it: the credit-file
 * JSON of `creditdesk monitor --input` (from-credit-files.ts) and the database (the monitoring
 * repository). A source may leave out what cannot fire (e.g. SQL `HAVING count(*) >= threshold`) as long
 * as the warnings stay the same; the engine applies every threshold itself.
 */
import type { EntityKind } from '../domain/entity.ts';

export interface MonitoredEntity {
  /** The entity's code (统一社会信用代码, else its registration number): warnings name entities by it. */
  code: string;
  name: string;
  kind: EntityKind;
  township: string | null;
  /** In business at `asOf` (存续): not 注销/吊销/迁出/撤销 and already established. */
  active: boolean;
  /** On the 经营异常名录 or the 严重违法失信名单 at `asOf` (an entry in effect, as grading counts it). */
  listed: boolean;
}

export interface ClusterFacts {
  /** The normalised address or name (normalise.ts). */
  key: string;
  /** The address or name as first seen, for people to read. */
  display: string;
  /** Every entity with this key, active or not (the engine counts the active ones). */
  members: MonitoredEntity[];
}

export interface ChangeFacts {
  entity: MonitoredEntity;
  /** `change` records (date ≤ asOf) of the fields and window the frequent_changes rule needs. */
  changes: { date: string; field: string }[];
}

export interface ComplaintFacts {
  entity: MonitoredEntity;
  /** Complaint dates (≤ asOf) in the recent window and the baseline before it. */
  dates: string[];
}

export interface AnnualReportFacts {
  entity: MonitoredEntity;
  /**
   * Report years in the rule's look-back whose report is missing and whose annual reports were loaded
   * (coverage as in grading: data never loaded is not a violation).
   */
  missingYears: number[];
}

export interface GradeHistoryFacts {
  entity: MonitoredEntity;
  /** The grading model's id and name. */
  model: string;
  modelName: string;
  /** The model's grades best first (its bands' order, e.g. A, B, C, D): a step is one place in it. */
  gradeOrder: readonly string[];
  /** The grades of the last two runs of this model that graded the entity. */
  previous: string;
  latest: string;
  previousRunAt: string;
  latestRunAt: string;
}

export interface MonitoringFacts {
  /** YYYY-MM-DD: the day the rules look back from. */
  asOf: string;
  /** Every normalised address with ≥ 2 members (a source may omit smaller ones). */
  addressClusters: ClusterFacts[];
  /** The same by normalised legal representative (法定代表人/负责人/经营者). */
  personClusters: ClusterFacts[];
  changes: ChangeFacts[];
  complaints: ComplaintFacts[];
  annualReports: AnnualReportFacts[];
  gradeHistory: GradeHistoryFacts[];
}
