/**
 * Public-credit-score schemes by their Chinese names. A score record names its scheme by the id of the
 * model the province grades with (e.g. the Henan public-credit model); officers read the model's name.
 */
import { BUILTIN_MODEL_JSON } from '../../resources/models/index.ts';

/** The scheme an import gives a score without one (electron exchange import, DEFAULT_SCORE_SCHEME). */
const GENERIC = { id: 'provincial-public-credit', name: '省级公共信用综合评价' };

const NAMES: ReadonlyMap<string, string> = new Map([
  [GENERIC.id, GENERIC.name],
  ...BUILTIN_MODEL_JSON.flatMap((json) => {
    const m = json as { id?: unknown; name?: unknown };
    return typeof m.id === 'string' && typeof m.name === 'string' ? [[m.id, m.name] as const] : [];
  }),
]);

/** The Chinese name of a scheme; a scheme already written in words (from a province's file) as given. */
export function schemeName(scheme: string): string {
  return NAMES.get(scheme) ?? scheme;
}
