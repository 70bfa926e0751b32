/**
 * The benches' generated entity list: `rows` demo entities as the provincial platform's 20-column .xlsx
 * (the export's own columns plus four licence columns the import ignores), written with our streaming
 * writer. One seed gives the same file every time; another seed gives other entities (an import of
 * new rows into a county built from the first).
 */
import { ENTITY_COLUMNS } from '../electron/services/exchange/export/entity-columns.ts';
import { writeXlsx } from '../electron/services/exchange/export/xlsx-writer.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../shared/demo/index.ts';

const EXTRA = ['许可证名称', '许可证编号', '许可批准日期', '有效期至'];

export function writeEntitySheet(path: string, rows: number, seed: string): void {
  const columns = [...ENTITY_COLUMNS, ...EXTRA.map((header) => ({ header, value: () => null }))];
  let i = 0;
  function* values() {
    for (const { entity } of generateDemoCounty({
      entities: rows,
      seed,
      county: DEMO_COUNTY,
      asOf: '2026-10-31',
    })) {
      i++;
      yield [
        ...ENTITY_COLUMNS.map((c) => c.value(entity)),
        '食品经营许可证',
        `JY1${String(330100 + (i % 900)).padStart(6, '0')}${String(i).padStart(7, '0')}`,
        '2021-06-29',
        i % 10 === 0 ? '9999-09-09' : '2026-06-28',
      ];
    }
  }
  writeXlsx(path, [{ name: '检查对象名录库', columns, rows: values() }]);
}
