import type { DataDoor } from '../../../db/sql.ts';
import { allModels } from '../../grading/model-store.ts';

/** A grading model's name and its grades best first (one step of grade_drop is one place in it). */
export function gradeOrderOf(
  db: DataDoor,
  modelId: string,
  version: string,
): { name: string; grades: readonly string[] } | null {
  const found = allModels(db).find((m) => m.model.id === modelId && m.model.version === version);
  return found ? { name: found.model.name, grades: found.model.bands.map((b) => b.grade) } : null;
}
