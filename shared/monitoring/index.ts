/**
 * Monitoring and early warning (监测预警, issue 13) — the public API of `shared/monitoring`.
 * Documentation: docs/monitoring.md.
 *
 * - rules.ts: the seven rule ids, the rule-set schema, `parseMonitoringRuleSet` (Chinese errors).
 * - builtins.ts: `builtinMonitoringRuleSet()` (resources/monitoring-rules/county-default.json).
 * - normalise.ts: the address and person keys clusters are grouped by.
 * - facts.ts: the engine's input; from-credit-files.ts builds it from credit files (`--input`).
 * - evaluate.ts: `evaluateMonitoring(facts, ruleSet)` → sorted warnings.
 */
export { builtinMonitoringRuleSet } from './builtins.ts';
export { evaluateMonitoring } from './evaluate.ts';
export type * from './facts.ts';
export { monitoringFactsFromCreditFiles } from './from-credit-files.ts';
export { monitoringInputErrors } from './input-fields.ts';
export { normaliseAddress, normalisePersonName } from './normalise.ts';
export * from './rules.ts';
export * from './warning.ts';
export * from './windows.ts';
