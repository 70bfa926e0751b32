/**
 * The .xlsx the administrator imports during the bureau load bench: `rows` market entities of the
 * demo generator (a seed of their own, so they are new to the county) in the columns the entity
 * export writes, which the import maps on its own.
 */
import { readFileSync } from 'node:fs';
import { ENTITY_COLUMNS } from '../../electron/services/exchange/export/entity-columns.ts';
import { writeXlsx } from '../../electron/services/exchange/export/xlsx-writer.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../../shared/demo/index.ts';

export function writeImportSheet(path: string, rows: number): Buffer {
  function* entities() {
    for (const { entity } of generateDemoCounty({
      entities: rows,
      seed: 'bench-load-import',
      county: DEMO_COUNTY,
      asOf: '2026-10-31',
    })) {
      yield ENTITY_COLUMNS.map((c) => c.value(entity));
    }
  }
  writeXlsx(path, [{ name: '检查对象名录库', columns: ENTITY_COLUMNS, rows: entities() }]);
  return readFileSync(path);
}
