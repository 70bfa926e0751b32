import type { MonitoringRuleId, WarningAction, WarningLevel } from './rules.ts';

export type WarningSubjectType = 'address' | 'person' | 'entity';

/** One warning the rules raise: what it is about, which entities, and why in Chinese sentences. */
export interface MonitoringWarning {
  rule: MonitoringRuleId;
  level: WarningLevel;
  action: WarningAction;
  /** `key`: the normalised address or name, or the entity's code; `display`: as people read it. */
  subject: { type: WarningSubjectType; key: string; display: string };
  /** Codes of the entities concerned, sorted. */
  entities: string[];
  evidence: string[];
}

/** Code-unit order: the same on every machine and locale (the CLI output is a public contract). */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted by rule id, then subject key (then subject type, as an address and a name may share a key). */
export function compareWarnings(a: MonitoringWarning, b: MonitoringWarning): number {
  return (
    byCodeUnits(a.rule, b.rule) ||
    byCodeUnits(a.subject.key, b.subject.key) ||
    byCodeUnits(a.subject.type, b.subject.type)
  );
}
