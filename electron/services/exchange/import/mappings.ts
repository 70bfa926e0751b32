/** Column mappings a person confirmed, remembered per import kind and header signature (SPEC §7). */
import type { HeaderDetection, ImportKind } from '../../../../shared/exchange/index.ts';
import { mappingToRemember } from '../../../../shared/exchange/index.ts';
import type { DataDoor } from '../../../db/sql.ts';
import { saveMapping, storedMapping } from '../repository/mappings.ts';

export function rememberedMapping(
  db: DataDoor,
  kind: ImportKind,
  signature: string,
): (string | null)[] | null {
  return storedMapping(db, kind, signature);
}

/** Stores the mapping when a person chose any part of it; detected-only mappings need no memory. */
export function rememberMapping(
  db: DataDoor,
  kind: ImportKind,
  detection: HeaderDetection,
  at: string,
): void {
  if (!detection.found || !detection.columns.some((c) => c.byUser)) return;
  saveMapping(db, kind, detection.signature, mappingToRemember(detection), at);
}
