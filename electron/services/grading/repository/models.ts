/** Model versions an administrator imported or saved from the model form (table grading_models). */
import type { GradingModel } from '../../../../shared/grading/index.ts';
import { column, type DataDoor, run, sql } from '../../../db/sql.ts';

/** Every stored model version, as validated when it was stored. */
export function importedModels(db: DataDoor): GradingModel[] {
  return column<string>(db, sql`SELECT json FROM grading_models`).map(
    (json) => JSON.parse(json) as GradingModel,
  );
}

/**
 * Stores a validated model version an administrator imported or saved from the model form; returns the
 * JSON text stored.
 */
export function storeModel(db: DataDoor, model: GradingModel, at: string, by: string): string {
  const text = JSON.stringify(model);
  run(
    db,
    sql`INSERT INTO grading_models (model_id, version, json, imported_at, imported_by)
        VALUES (${model.id}, ${model.version}, ${text}, ${at}, ${by})`,
  );
  return text;
}
