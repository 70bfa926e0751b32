/**
 * The built-in monitoring rule set (issue 13), as data. It is validated by `shared/monitoring/builtins.ts`
 * before use; raise its `version` whenever a threshold, level or action changes.
 */
import countyDefault from './county-default.json' with { type: 'json' };

/** Raw rule-set JSON of the county default. */
export const BUILTIN_MONITORING_RULES_JSON: unknown = countyDefault;
