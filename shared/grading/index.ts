/**
 * Grading engine (SPEC §5) — the public API of `shared/grading`. Documentation: docs/grading-models.md.
 *
 * - `parseModel(json)` / `parseModelText(text)` validate a model (format `creditdesk-model/1`) and answer
 *   `{ok: true, model}` or `{ok: false, errors, issues}`: Chinese messages with JSON paths
 *   (`bands[1].max：等级 B 与 A 之间有空档（940 到 950）`). A model is data only; nothing in it runs.
 * - `compileModel(model, {explain?})` turns a valid model into an `Evaluator` `(file, asOf) => GradeResult`
 *   built of closures and plain data (no `eval`/`new Function`). Compile once, call it for every entity of
 *   a run; `explain: false` skips the breakdown and evidence (score, grades and fired overrides stay exact).
 * - `evaluate(model, file, asOf)` is the same in one call (the compiled form is cached per model object).
 *   Pure and deterministic: depends only on its arguments, ignores records dated after `asOf`, counts a
 *   record only while it is in effect (penalty publicity per 45号令, list entries until removal, look-back
 *   windows), and its result does not depend on record order.
 * - A `GradeResult` has the two-decimal `score`, the `scoreGrade` from the bands, the final `grade` after
 *   overrides, a `breakdown` whose points sum to the score (first line: the base; a `clamp` line when the
 *   scale clamps; one `public_credit_score` line in score-only mode), and the overrides that fired, each
 *   with the records (evidence) that caused it. Entities not active (注销/吊销/迁出/撤销) get `grade: null`
 *   and a `notGraded` reason.
 * - `gradeOfScore(model, score)` is the band lookup alone.
 * - `builtinModels()` / `getBuiltinModel(id)` give the six built-in models of SPEC §5.2
 *   (`resources/models/*.json`), validated on first use.
 * - `parseCreditFiles(json)` reads the `CREDITFILES.json` input of `creditdesk grade` (an array of
 *   `{id, entity, records}`, or the canonical exchange document `{asOf, entities}`).
 */
export { builtinModels, getBuiltinModel } from './builtins.ts';
export {
  creditFileSchema,
  creditFilesSchema,
  type CreditFileWarning,
  type ParseCreditFilesResult,
  type ParsedCreditFiles,
  parseCreditFiles,
} from './credit-file.ts';
export { compileModel, evaluate, gradeOfScore } from './engine.ts';
export { parseModel, parseModelText } from './schema.ts';
export * from './types.ts';
