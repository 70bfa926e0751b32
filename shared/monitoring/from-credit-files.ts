/**
 * Monitoring facts from credit files — the `creditdesk monitor --input CREDITFILES.json` path. The input
 * is the one `creditdesk grade --input` reads (either form, see shared/grading/credit-file.ts) with the
 * extra entity fields of input-fields.ts; `change` records carry their `field`. An entity's code is its
 * credit file's `id`.
 */
import { getBuiltinModel } from '../grading/index.ts';
import type { CreditFile } from '../grading/types.ts';
import type {
  AnnualReportFacts,
  ChangeFacts,
  ClusterFacts,
  ComplaintFacts,
  GradeHistoryFacts,
  MonitoredEntity,
  MonitoringFacts,
} from './facts.ts';
import { gradingProbe } from './grading-probe.ts';
import { type GradeEntry, monitoringFieldsOf } from './input-fields.ts';
import { normaliseAddress, normalisePersonName } from './normalise.ts';
import { enabledRule, type MonitoringRuleSet } from './rules.ts';
import { changeWindow, complaintWindows } from './windows.ts';

/** Clusters of ≥ 2 entities sharing a key, in the order their keys were first met. */
class Clusters {
  private readonly byKey = new Map<string, ClusterFacts>();
  add(raw: string | null | undefined, key: string | null, entity: MonitoredEntity): void {
    if (key === null || raw == null) return;
    const cluster = this.byKey.get(key);
    if (cluster) cluster.members.push(entity);
    else this.byKey.set(key, { key, display: raw.trim(), members: [entity] });
  }
  list(): ClusterFacts[] {
    return [...this.byKey.values()].filter((c) => c.members.length >= 2);
  }
}

/** The last two runs of each model in an entity's grade history (a model with one run has no change). */
function lastTwoRuns(entity: MonitoredEntity, grades: readonly GradeEntry[]): GradeHistoryFacts[] {
  const byModel = new Map<string, GradeEntry[]>();
  for (const g of grades) byModel.set(g.model, [...(byModel.get(g.model) ?? []), g]);
  const out: GradeHistoryFacts[] = [];
  for (const [id, runs] of byModel) {
    const model = getBuiltinModel(id);
    if (!model || runs.length < 2) continue;
    const [previous, latest] = [...runs]
      .sort((a, b) => (a.runAt < b.runAt ? -1 : a.runAt > b.runAt ? 1 : 0))
      .slice(-2) as [GradeEntry, GradeEntry];
    out.push({
      entity,
      model: id,
      modelName: model.name,
      gradeOrder: model.bands.map((b) => b.grade),
      previous: previous.grade,
      latest: latest.grade,
      previousRunAt: previous.runAt,
      latestRunAt: latest.runAt,
    });
  }
  return out;
}

export function monitoringFactsFromCreditFiles(
  files: readonly CreditFile[],
  asOf: string,
  ruleSet: MonitoringRuleSet,
): MonitoringFacts {
  const changeRule = enabledRule(ruleSet, 'frequent_changes');
  const changeCut = changeRule ? changeWindow(asOf, changeRule) : null;
  const changeFields: readonly string[] = changeRule?.params.fields ?? [];
  const complaintRule = enabledRule(ruleSet, 'complaint_surge');
  const complaintCut = complaintRule ? complaintWindows(asOf, complaintRule).baselineFrom : null;
  const reportRule = enabledRule(ruleSet, 'annual_report_missing');
  const probe = gradingProbe(reportRule?.params.windowYears ?? 1);

  const addresses = new Clusters();
  const people = new Clusters();
  const facts: MonitoringFacts = {
    asOf,
    addressClusters: [],
    personClusters: [],
    changes: [],
    complaints: [],
    annualReports: [],
    gradeHistory: [],
  };

  for (const file of files) {
    const e = file.entity;
    const fields = monitoringFieldsOf(file);
    const established = e.establishedOn == null || e.establishedOn <= asOf;
    const active = (e.status == null || e.status === 'active') && established;
    const { listed, missingYears } = probe(file, asOf);
    const entity: MonitoredEntity = {
      code: file.id,
      name: e.name ?? file.id,
      kind: e.kind,
      township: fields.township ?? null,
      active,
      listed,
    };
    addresses.add(fields.address, normaliseAddress(fields.address), entity);
    const person = fields.legalRepresentative ?? fields.legalRep;
    people.add(person, normalisePersonName(person), entity);

    const changes: ChangeFacts['changes'] = [];
    const complaints: ComplaintFacts['dates'] = [];
    for (const r of file.records) {
      if (r.date > asOf) continue;
      if (r.type === 'change' && changeCut && r.date > changeCut.from && changeFields.includes(r.field)) {
        changes.push({ date: r.date, field: r.field });
      } else if (r.type === 'complaint' && complaintCut !== null && r.date > complaintCut) {
        complaints.push(r.date);
      }
    }
    if (changes.length > 0) facts.changes.push({ entity, changes });
    if (complaints.length > 0) facts.complaints.push({ entity, dates: complaints });
    if (reportRule && missingYears.length > 0) {
      facts.annualReports.push({ entity, missingYears } satisfies AnnualReportFacts);
    }
    if (fields.grades) facts.gradeHistory.push(...lastTwoRuns(entity, fields.grades));
  }
  facts.addressClusters = addresses.list();
  facts.personClusters = people.list();
  return facts;
}
