/**
 * The demo stores its generated records without validating them again (trustedRecordJson): the text
 * must be exactly what the validated path stores, for every record a demo county generates, and for
 * records carrying keys the schema does not know or optional fields left undefined.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_COUNTY, generateDemoCounty } from '../../../shared/demo/index.ts';
import { type CreditRecord, creditRecordSchema, RECORD_TYPES } from '../../../shared/domain/records.ts';
import { recordData, trustedRecordJson } from './record-data.ts';

const validated = (r: CreditRecord) => JSON.stringify(recordData(creditRecordSchema.parse(r)));

describe('trustedRecordJson', () => {
  it('equals the validated JSON for every record of a demo county (every record type)', () => {
    const types = new Set<string>();
    let n = 0;
    for (const { records } of generateDemoCounty({
      entities: 3000,
      seed: 'record-data',
      county: DEMO_COUNTY,
      asOf: '2026-10-31',
    })) {
      for (const r of records) {
        expect(trustedRecordJson(r)).toBe(validated(r));
        types.add(r.type);
        n++;
      }
    }
    expect(n).toBeGreaterThan(10_000);
    expect([...types].sort()).toEqual([...RECORD_TYPES].sort());
  });

  it('drops keys the schema does not know and undefined fields, in the schema order', () => {
    const r = {
      substantiated: true,
      extra: 'not stored',
      channel: undefined,
      date: '2026-01-02',
      type: 'complaint',
    } as unknown as CreditRecord;
    expect(trustedRecordJson(r)).toBe(validated(r));
    expect(trustedRecordJson(r)).toBe('{"substantiated":true}');
    const p = {
      type: 'penalty',
      date: '2026-01-02',
      fine: 200,
      penaltyKinds: ['罚款'],
      decisionNo: '市监罚〔2026〕1号 "引号" \\',
    } as unknown as CreditRecord;
    expect(trustedRecordJson(p)).toBe(validated(p));
    expect(Object.keys(JSON.parse(trustedRecordJson(p)))).toEqual(['decisionNo', 'penaltyKinds', 'fine']);
  });
});
