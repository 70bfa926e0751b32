/** Column mappings a person confirmed, remembered per import kind and header signature (SPEC §7). */
import type { HeaderDetection, ImportKind } from '../../../../shared/exchange/index.ts';
import { mappingToRemember } from '../../../../shared/exchange/index.ts';
import type { Db } from '../../../db/open.ts';

export function rememberedMapping(db: Db, kind: ImportKind, signature: string): (string | null)[] | null {
  const row = db
    .prepare('SELECT mapping FROM exchange_mappings WHERE kind = ? AND signature = ?')
    .get(kind, signature) as { mapping: string } | undefined;
  return row ? (JSON.parse(row.mapping) as (string | null)[]) : null;
}

/** Stores the mapping when a person chose any part of it; detected-only mappings need no memory. */
export function rememberMapping(db: Db, kind: ImportKind, detection: HeaderDetection, at: string): void {
  if (!detection.found || !detection.columns.some((c) => c.byUser)) return;
  db.prepare(
    `INSERT INTO exchange_mappings (kind, signature, mapping, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (kind, signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  ).run(kind, detection.signature, JSON.stringify(mappingToRemember(detection)), at);
}
