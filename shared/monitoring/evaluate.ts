/**
 * The monitoring engine: facts and a rule set in, warnings out. Pure and deterministic (no clock, no
 * I/O); the order of the facts does not change the result. Rules left out of the set or disabled raise
 * nothing. Documentation: docs/monitoring.md.
 */
import { annualReportMissing, complaintSurge, frequentChanges, gradeDrop } from './entity-rules.ts';
import { clusterListed, sameAddress, samePerson } from './cluster-rules.ts';
import type { MonitoringFacts } from './facts.ts';
import { enabledRule, type MonitoringRuleSet } from './rules.ts';
import { compareWarnings, type MonitoringWarning } from './warning.ts';

export type { MonitoringWarning, WarningSubjectType } from './warning.ts';

/** Every warning the enabled rules raise, sorted by rule id, then subject key. */
export function evaluateMonitoring(facts: MonitoringFacts, ruleSet: MonitoringRuleSet): MonitoringWarning[] {
  const out: MonitoringWarning[] = [];
  const rule = <Id extends Parameters<typeof enabledRule>[1]>(id: Id) => enabledRule(ruleSet, id);

  const address = rule('same_address');
  if (address) out.push(...sameAddress(address, facts.addressClusters));
  const person = rule('same_person');
  if (person) out.push(...samePerson(person, facts.personClusters));
  const changes = rule('frequent_changes');
  if (changes) out.push(...frequentChanges(changes, facts.asOf, facts.changes));
  const complaints = rule('complaint_surge');
  if (complaints) out.push(...complaintSurge(complaints, facts.asOf, facts.complaints));
  const reports = rule('annual_report_missing');
  if (reports) out.push(...annualReportMissing(reports, facts.annualReports));
  const grades = rule('grade_drop');
  if (grades) out.push(...gradeDrop(grades, facts.gradeHistory));
  const listed = rule('cluster_listed');
  if (listed) {
    out.push(...clusterListed(listed, 'address', facts.addressClusters));
    out.push(...clusterListed(listed, 'person', facts.personClusters));
  }
  return out.sort(compareWarnings);
}
