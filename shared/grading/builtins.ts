/**
 * The built-in models (resources/models/*.json, SPEC §5.2), validated once on first use. A built-in
 * model that fails validation is a programming error, so it throws with every message.
 */
import { BUILTIN_MODEL_JSON } from '../../resources/models/index.ts';
import { parseModel } from './schema.ts';
import type { GradingModel } from './types.ts';

let models: readonly GradingModel[] | null = null;

/** The six built-in models, county default (`samr-risk`) first. */
export function builtinModels(): readonly GradingModel[] {
  if (models) return models;
  models = BUILTIN_MODEL_JSON.map((json, i) => {
    const r = parseModel(json);
    if (!r.ok) throw new Error(`内置模型 #${i} 无效：\n${r.errors.join('\n')}`);
    return Object.freeze(r.model);
  });
  return models;
}

export function getBuiltinModel(id: string): GradingModel | undefined {
  return builtinModels().find((m) => m.id === id);
}
