/**
 * Where models come from: the built-in ones (resources/models, through shared/grading) and those an
 * administrator imported (table grading_models). Compiled evaluators are cached per id@version, since a
 * run grades every entity with one, and a re-grade after a records change must take well under 10 ms.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import {
  builtinModels,
  compileModel,
  type Evaluator,
  type GradingModel,
  parseModel,
} from '../../../shared/grading/index.ts';
import { readableIssue } from '../../../shared/grading/schema.ts';
import type { DataDoor } from '../../db/sql.ts';
import type { IndicatorLookup } from './explain.ts';
import { importedModels } from './repository/models.ts';

export interface StoredModel {
  model: GradingModel;
  builtIn: boolean;
}

/** Newest first: later effective date, then the higher version (numeric parts compared as numbers). */
export function compareModels(a: GradingModel, b: GradingModel): number {
  if (a.effectiveFrom !== b.effectiveFrom) return a.effectiveFrom < b.effectiveFrom ? 1 : -1;
  return -a.version.localeCompare(b.version, 'en', { numeric: true });
}

/** Every model version, grouped by id (ids in built-in order, then imported ones), newest version first. */
export function allModels(db: DataDoor): StoredModel[] {
  const all: StoredModel[] = [
    ...builtinModels().map((model) => ({ model, builtIn: true })),
    ...importedModels(db).map((model) => ({ model, builtIn: false })),
  ];
  const order = new Map<string, number>();
  for (const m of all) if (!order.has(m.model.id)) order.set(m.model.id, order.size);
  return all.sort(
    (a, b) => (order.get(a.model.id) ?? 0) - (order.get(b.model.id) ?? 0) || compareModels(a.model, b.model),
  );
}

/** A model by id and version; without a version, its newest version. */
export function findModel(db: DataDoor, id: string, version: string | null): StoredModel {
  const found = allModels(db).find(
    (m) => m.model.id === id && (version === null || m.model.version === version),
  );
  if (!found) {
    throw new ApiError(
      'not_found',
      version === null ? `未找到评价模型“${id}”。` : `未找到评价模型“${id}”的 ${version} 版。`,
    );
  }
  return found;
}

/**
 * Validates a model file with the engine's schema. Throws 'invalid_input' with every Chinese error
 * (fields: one entry per JSON path) so the import dialog can list them.
 */
export function validateModelJson(json: string): GradingModel {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new ApiError(
      'invalid_input',
      `模型文件不是有效的 JSON：${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const parsed = parseModel(data);
  if (parsed.ok) return parsed.model;
  const fields: Record<string, string> = {};
  for (const issue of parsed.issues) fields[issue.path || '(模型)'] ??= readableIssue(issue);
  const errors = parsed.issues.map(readableIssue);
  throw new ApiError('invalid_input', `模型文件有 ${errors.length} 处错误：${errors.join('；')}`, fields);
}

/** Names and grade labels of every known model version (a run may use a version since replaced). */
export function modelCatalog(db: DataDoor) {
  const models = allModels(db);
  const find = (id: string, version?: string) =>
    models.find((m) => m.model.id === id && (version === undefined || m.model.version === version)) ??
    models.find((m) => m.model.id === id);
  return {
    name: (id: string, version?: string) => find(id, version)?.model.name ?? id,
    grades: (id: string, version?: string) =>
      find(id, version)?.model.bands.map((b) => ({ grade: b.grade, label: b.label })) ?? [],
    label: (id: string, version?: string) => {
      const bands = find(id, version)?.model.bands ?? [];
      return (grade: string) => bands.find((b) => b.grade === grade)?.label ?? grade;
    },
    /** The model's indicators by id, so explanations say what each counted and over which window. */
    indicators: (id: string, version?: string): IndicatorLookup => {
      const list = find(id, version)?.model.indicators ?? [];
      return (indicatorId) => list.find((i) => i.id === indicatorId);
    },
  };
}
export type ModelCatalog = ReturnType<typeof modelCatalog>;

const compiled = new Map<string, { model: GradingModel; evaluate: Evaluator }>();

/** The compiled evaluator of a model (cached; an imported model's id@version never changes content). */
export function evaluatorFor(model: GradingModel): Evaluator {
  const key = `${model.id}@${model.version}`;
  const hit = compiled.get(key);
  if (hit && hit.model === model) return hit.evaluate;
  if (hit && JSON.stringify(hit.model) === JSON.stringify(model)) return hit.evaluate;
  const evaluate = compileModel(model);
  compiled.set(key, { model, evaluate });
  return evaluate;
}

/** The grades of a model, best first, with their Chinese labels. */
export function modelGrades(model: GradingModel): { grade: string; label: string }[] {
  return model.bands.map((b) => ({ grade: b.grade, label: b.label }));
}
