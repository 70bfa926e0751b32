/**
 * Golden cases at each rule's boundary (issue 13), through the `--input` path: the fixture county's
 * credit files → facts → warnings. Expectations come from the fixture's own definitions
 * (test/helpers/monitoring-fixture.ts), not from the engine.
 */
import { describe, expect, it } from 'vitest';
import { ISSUE_THRESHOLDS, monitoringFixture } from '../../test/helpers/monitoring-fixture.ts';
import { parseCreditFiles } from '../grading/index.ts';
import {
  builtinMonitoringRuleSet,
  evaluateMonitoring,
  MONITORING_RULE_IDS,
  type MonitoringRuleSet,
  type MonitoringWarning,
  monitoringFactsFromCreditFiles,
  monitoringInputErrors,
} from './index.ts';

function run(document: unknown, ruleSet: MonitoringRuleSet = builtinMonitoringRuleSet()) {
  const parsed = parseCreditFiles(document);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  expect(monitoringInputErrors(parsed.files)).toEqual([]);
  const asOf = parsed.asOf as string;
  return evaluateMonitoring(monitoringFactsFromCreditFiles(parsed.files, asOf, ruleSet), ruleSet);
}

const shape = (w: MonitoringWarning) => ({
  rule: w.rule,
  subject: { type: w.subject.type, key: w.subject.key },
  entities: w.entities,
});

describe('monitoring golden cases', () => {
  const fixture = monitoringFixture();
  const warnings = run(fixture.document);

  it('raises exactly the warnings the scenarios call for, sorted by rule then subject key', () => {
    expect(warnings.map(shape)).toEqual(fixture.expected.map(({ evidenceIncludes: _, ...w }) => w));
    // Every rule has at least one case that fires, so none can pass by staying silent.
    expect(new Set(fixture.expected.map((w) => w.rule))).toEqual(new Set(MONITORING_RULE_IDS));
  });

  it('explains each warning in Chinese with the counts of the scenario', () => {
    for (const [i, w] of warnings.entries()) {
      const want = fixture.expected[i]!;
      for (const part of want.evidenceIncludes) {
        expect(w.evidence.join('\n'), `${w.rule} ${w.subject.key}`).toContain(part);
      }
    }
  });

  it('takes level and action from the rule set', () => {
    const set = builtinMonitoringRuleSet();
    for (const w of warnings) {
      const rule = set.rules.find((r) => r.id === w.rule)!;
      expect([w.level, w.action]).toEqual([rule.level, rule.action]);
    }
  });

  it('shows an address or a name as first written', () => {
    const address = warnings.find((w) => w.rule === 'same_address')!;
    const first = fixture.document.entities.find((e) => address.entities.includes(e.id))!;
    expect(address.subject.display).toBe(first.address!.trim());
  });

  it('does not depend on the order of the credit files', () => {
    const reversed = { ...fixture.document, entities: [...fixture.document.entities].reverse() };
    expect(run(reversed).map(shape)).toEqual(warnings.map(shape));
  });

  it('raises nothing for a rule that is disabled or left out', () => {
    const base = builtinMonitoringRuleSet();
    const set: MonitoringRuleSet = {
      ...base,
      rules: base.rules
        .filter((r) => r.id !== 'grade_drop')
        .map((r) => (r.id === 'same_address' ? { ...r, enabled: false } : r)),
    };
    const got = run(fixture.document, set);
    expect(got.some((w) => w.rule === 'same_address' || w.rule === 'grade_drop')).toBe(false);
    expect(got.length).toBe(
      fixture.expected.filter((w) => w.rule !== 'same_address' && w.rule !== 'grade_drop').length,
    );
  });

  it('lowering a threshold by one brings in the case just below it', () => {
    const base = builtinMonitoringRuleSet();
    const set: MonitoringRuleSet = {
      ...base,
      rules: base.rules.map((r) =>
        r.id === 'same_address' ? { ...r, params: { minEntities: ISSUE_THRESHOLDS.sameAddress - 1 } } : r,
      ),
    };
    const keys = run(fixture.document, set)
      .filter((w) => w.rule === 'same_address')
      .map((w) => w.subject.key);
    expect(keys).toContain('幸福路1号');
  });
});
