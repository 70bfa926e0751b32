/**
 * The move's view of the two schemas: tables and columns must match one to one (a difference refuses
 * and names itself), and tables are copied parents first.
 */
import { describe, expect, it } from 'vitest';
import { type CatalogTable, foreignKeyOrder, matchCatalogs } from './catalog.ts';

const entities: CatalogTable = {
  name: 'entities',
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'text' },
  ],
  references: ['import_batches'],
};
const batches: CatalogTable = {
  name: 'import_batches',
  columns: [{ name: 'id', type: 'integer' }],
  references: [],
};
const records: CatalogTable = {
  name: 'records',
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'entity_id', type: 'integer' },
    { name: 'data', type: 'text' },
  ],
  references: ['entities', 'import_batches'],
};
const adjustments: CatalogTable = {
  name: 'adjustments',
  columns: [{ name: 'id', type: 'integer' }],
  references: ['adjustments', 'records'],
};

describe('matchCatalogs', () => {
  it('gives every table parents first, with the server identity column', () => {
    const desk = [records, adjustments, entities, batches];
    const tables = matchCatalogs(
      desk,
      [batches, records, entities, adjustments],
      new Map([['records', 'id']]),
    );
    expect(tables.map((t) => t.name)).toEqual(['import_batches', 'entities', 'records', 'adjustments']);
    expect(tables.find((t) => t.name === 'records')?.identity).toBe('id');
    expect(tables.find((t) => t.name === 'entities')?.identity).toBeNull();
  });

  it('refuses a column missing or of another type on either side, and a table on one side only, naming them', () => {
    const serverRecords: CatalogTable = {
      ...records,
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'entity_id', type: 'text' },
        { name: 'data', type: 'text' },
        { name: 'version', type: 'integer' },
      ],
    };
    const extra: CatalogTable = { name: 'row_versions', columns: [], references: [] };
    let message = '';
    try {
      matchCatalogs([batches, entities, records], [batches, entities, serverRecords, extra], new Map());
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /表 records 的列不一致（单机：entity_id\(integer\)；服务器：entity_id\(text\)、version\(integer\)）/,
    );
    expect(message).toMatch(/服务器有表 row_versions，单机数据库没有/);
    expect(() => matchCatalogs([batches, entities], [batches], new Map())).toThrow(
      /单机数据库有表 entities，服务器没有/,
    );
  });

  it('stops on a cycle of foreign keys rather than copying in an order that cannot hold', () => {
    const a = { name: 'a', columns: [], references: ['b'], identity: null };
    const b = { name: 'b', columns: [], references: ['a'], identity: null };
    expect(() => foreignKeyOrder([a, b])).toThrow(/cycle/);
  });
});
