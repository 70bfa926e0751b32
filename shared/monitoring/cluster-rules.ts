/**
 * The rules over clusters (entities sharing a normalised address or legal representative). Only active
 * entities of the rule's kinds count, in the cluster size and in the listed share alike.
 */
import { type EntityKind, LEGAL_REP_LABELS } from '../domain/entity.ts';
import type { ClusterFacts, MonitoredEntity } from './facts.ts';
import { appliesToKind, type MonitoringRuleOf } from './rules.ts';
import { byCodeUnits, type MonitoringWarning } from './warning.ts';
import { kindCounts, percent } from './words.ts';

type ClusterType = 'address' | 'person';

const counted = (cluster: ClusterFacts, kinds: readonly EntityKind[]): MonitoredEntity[] =>
  cluster.members.filter((m) => m.active && appliesToKind({ kinds }, m.kind));

const codes = (members: readonly MonitoredEntity[]): string[] => members.map((m) => m.code).sort(byCodeUnits);

/** “法定代表人” or “法定代表人、经营者”: the word for the role in these entities' kinds. */
function roleWords(members: readonly MonitoredEntity[]): string {
  return [...new Set(members.map((m) => LEGAL_REP_LABELS[m.kind]))].join('、');
}

function warning(
  rule: MonitoringRuleOf<'same_address' | 'same_person' | 'cluster_listed'>,
  type: ClusterType,
  cluster: ClusterFacts,
  members: readonly MonitoredEntity[],
  evidence: string[],
): MonitoringWarning {
  return {
    rule: rule.id,
    level: rule.level,
    action: rule.action,
    subject: { type, key: cluster.key, display: cluster.display },
    entities: codes(members),
    evidence,
  };
}

export function sameAddress(
  rule: MonitoringRuleOf<'same_address'>,
  clusters: readonly ClusterFacts[],
): MonitoringWarning[] {
  const out: MonitoringWarning[] = [];
  for (const cluster of clusters) {
    const members = counted(cluster, rule.kinds);
    if (members.length < rule.params.minEntities) continue;
    out.push(
      warning(rule, 'address', cluster, members, [
        `同一地址登记在业主体 ${members.length} 户`,
        `其中${kindCounts(members.map((m) => m.kind))}`,
      ]),
    );
  }
  return out;
}

export function samePerson(
  rule: MonitoringRuleOf<'same_person'>,
  clusters: readonly ClusterFacts[],
): MonitoringWarning[] {
  const out: MonitoringWarning[] = [];
  for (const cluster of clusters) {
    const members = counted(cluster, rule.kinds);
    if (members.length < rule.params.minEntities) continue;
    out.push(
      warning(rule, 'person', cluster, members, [
        `同一人担任 ${members.length} 户在业主体的${roleWords(members)}`,
        `其中${kindCounts(members.map((m) => m.kind))}`,
      ]),
    );
  }
  return out;
}

/** More than `minListedShare` (strictly) of a cluster of at least `minClusterSize` is listed. */
export function clusterListed(
  rule: MonitoringRuleOf<'cluster_listed'>,
  type: ClusterType,
  clusters: readonly ClusterFacts[],
): MonitoringWarning[] {
  const out: MonitoringWarning[] = [];
  const where = type === 'address' ? '同一地址' : '同一人名下';
  for (const cluster of clusters) {
    const members = counted(cluster, rule.kinds);
    if (members.length < rule.params.minClusterSize) continue;
    const listed = members.filter((m) => m.listed).length;
    // A quotient is rounded like the threshold's decimal, so 3 of 10 against 0.3 is exactly “not more”.
    const share = listed / members.length;
    if (!(share > rule.params.minListedShare)) continue;
    out.push(
      warning(rule, type, cluster, members, [
        `${where}在业主体 ${members.length} 户，其中 ${listed} 户在经营异常名录或严重违法失信名单中，占 ${percent(share)}`,
      ]),
    );
  }
  return out;
}
