/** Column mappings a person confirmed, per import kind and header signature (SPEC §7). */
import type { ImportKind } from '../../../../shared/exchange/index.ts';
import { type DataDoor, run, sql, value } from '../../../db/sql.ts';

export type StoredMapping = (string | null)[];

export function storedMapping(db: DataDoor, kind: ImportKind, signature: string): StoredMapping | null {
  const json = value<string>(
    db,
    sql`SELECT mapping FROM exchange_mappings WHERE kind = ${kind} AND signature = ${signature}`,
  );
  return json === undefined ? null : (JSON.parse(json) as StoredMapping);
}

export function saveMapping(
  db: DataDoor,
  kind: ImportKind,
  signature: string,
  mapping: StoredMapping,
  at: string,
): void {
  run(
    db,
    sql`INSERT INTO exchange_mappings (kind, signature, mapping, updated_at)
        VALUES (${kind}, ${signature}, ${JSON.stringify(mapping)}, ${at})
        ON CONFLICT (kind, signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`,
  );
}
