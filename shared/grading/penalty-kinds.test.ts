/**
 * Penalty kinds (《行政处罚法》 2021 Art. 9 plus 吊销营业执照): every kind and every synonym grades without
 * error under every built-in model; a kind nobody knows is a warning on its record and grades as 其他;
 * the 45号令 publicity period and the no-early-repair list go by kind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizePenaltyKinds,
  PENALTY_KIND_SYNONYMS,
  PENALTY_KINDS,
  PENALTY_KINDS_EXCLUDED_FROM_REPAIR,
  penaltyKindsOf,
} from '../domain/penalty-kinds.ts';
import { builtinModels, compileModel, evaluate, getBuiltinModel, parseCreditFiles } from './index.ts';

const AS_OF = '2026-10-31';
const models = builtinModels().map((m) => compileModel(m));
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 200) };
const ARTICLE_9 = [
  '警告',
  '通报批评',
  '罚款',
  '没收违法所得',
  '没收非法财物',
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证件',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
  '行政拘留',
];
const SYNONYMS = Object.keys(PENALTY_KIND_SYNONYMS);
const known = fc.constantFrom(...PENALTY_KINDS, ...SYNONYMS);
/** Words no vocabulary knows: Chinese or Latin text that is neither a kind nor a synonym. */
const unknownWord = fc
  .string({ unit: fc.constantFrom(...'打板子罚站禁言ABCxyz '), minLength: 1, maxLength: 6 })
  .filter((w) => penaltyKindsOf(w) === null);

const fileWith = (penaltyKinds: string[], fine: number | null) => [
  {
    id: 'P',
    entity: { kind: 'enterprise', establishedOn: '2015-01-01' },
    records: [{ type: 'penalty', date: '2026-03-01', penaltyKinds, fine }],
  },
];

describe('penalty kinds', () => {
  it('the vocabulary holds every kind of 行政处罚法 Art. 9, 吊销营业执照, and 其他', () => {
    for (const k of [...ARTICLE_9, '吊销营业执照', '其他']) expect(PENALTY_KINDS).toContain(k);
  });

  it('any record with kinds from the list (or their synonyms) grades without error or warning', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(known, { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null }),
        (kinds, fine) => {
          const parsed = parseCreditFiles(fileWith(kinds, fine));
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          expect(parsed.warnings).toEqual([]);
          const rec = parsed.files[0]!.records[0] as { penaltyKinds: string[] };
          for (const k of rec.penaltyKinds) expect(PENALTY_KINDS).toContain(k);
          for (const grade of models) {
            const r = grade(parsed.files[0]!, AS_OF);
            expect(r.score).not.toBeNull();
            expect(r.breakdown.reduce((s, l) => s + l.points, 0)).toBeCloseTo(r.score!, 2);
          }
        },
      ),
      RUNS,
    );
  });

  it('a kind nobody knows is a warning on its record, kept as 其他, and never fails the call', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(known, { maxLength: 2 }),
        fc.uniqueArray(unknownWord, { minLength: 1, maxLength: 2 }),
        (good, bad) => {
          const parsed = parseCreditFiles(fileWith([...good, ...bad], null));
          expect(parsed.ok).toBe(true);
          if (!parsed.ok) return;
          expect(parsed.warnings).toHaveLength(1);
          expect(parsed.warnings[0]).toMatchObject({ id: 'P', path: '[0].records[0].penaltyKinds' });
          for (const w of bad) expect(parsed.warnings[0]!.message).toContain(w);
          const rec = parsed.files[0]!.records[0] as { penaltyKinds: string[] };
          expect(rec.penaltyKinds).toContain('其他');
          expect(rec.penaltyKinds).toEqual(normalizePenaltyKinds([...good, ...bad]).kinds);
          for (const grade of models) expect(grade(parsed.files[0]!, AS_OF).score).not.toBeNull();
        },
      ),
      RUNS,
    );
  });

  it('the exchange document form reports the warning with its path and leaves the input unchanged', () => {
    const doc = {
      asOf: AS_OF,
      entities: [
        {
          id: 'X',
          kind: 'individual',
          records: [{ type: 'penalty', date: '2026-03-01', penaltyKinds: ['没收', '没收违法所得', '罚站'] }],
        },
      ],
    };
    const before = JSON.stringify(doc);
    const parsed = parseCreditFiles(doc);
    expect(parsed.ok && parsed.warnings.map((w) => w.path)).toEqual(['entities[0].records[0].penaltyKinds']);
    expect(parsed.ok && parsed.files[0]!.records[0]).toMatchObject({
      penaltyKinds: ['没收违法所得', '其他'],
    });
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('synonyms resolve to their kind; a joint 没收 phrase to both kinds', () => {
    expect(normalizePenaltyKinds(['没收', '责令停业', '吊销执照', '暂扣许可证', '关闭']).kinds).toEqual([
      '没收违法所得',
      '责令停产停业',
      '吊销营业执照',
      '暂扣许可证件',
      '责令关闭',
    ]);
    expect(normalizePenaltyKinds(['没收违法所得和非法财物', '没收非法财物']).kinds).toEqual([
      '没收违法所得',
      '没收非法财物',
    ]);
  });

  it('publicity (45号令 Art. 13) goes by kind: light kinds 3 months, any other kind 3 years', () => {
    const samr = getBuiltinModel('samr-risk')!;
    const inEffect = (kinds: string[], date: string) =>
      evaluate(
        samr,
        {
          id: 'P',
          entity: { kind: 'enterprise', establishedOn: '2015-01-01' },
          records: [
            {
              type: 'penalty',
              date,
              penaltyKinds: kinds as never,
              fine: kinds.includes('罚款') ? 5000 : null,
            },
          ],
        },
        AS_OF,
      ).breakdown.some((l) => l.indicator === 'penalty');
    // Four months old: a light penalty has stopped being published, any other is still in effect.
    for (const k of ['通报批评', '罚款']) expect(inEffect(['警告', k], '2026-06-30')).toBe(false);
    for (const k of PENALTY_KINDS.filter((k) => !['警告', '通报批评', '罚款'].includes(k))) {
      expect(inEffect([k], '2026-06-30')).toBe(true);
      // …for three years.
      expect(inEffect([k], '2023-10-31')).toBe(false);
    }
    // A warning alone is never published; a record still stored with the old word 没收 counts as 没收违法所得.
    expect(inEffect(['警告'], '2026-10-01')).toBe(false);
    expect(inEffect(['没收'], '2026-06-30')).toBe(true);
    // An unknown word handed straight to the engine (no parse) grades as 其他: 3 years.
    expect(inEffect(['罚站'], '2026-06-30')).toBe(true);
  });

  it('the no-early-repair list holds the six kinds of 45号令 Art. 14 and, by decision, 暂扣许可证件 and 责令关闭', () => {
    for (const k of [
      '责令停产停业',
      '限制开展生产经营活动',
      '限制从业',
      '降低资质等级',
      '吊销许可证件',
      '吊销营业执照',
      '暂扣许可证件',
      '责令关闭',
    ] as const) {
      expect(PENALTY_KINDS_EXCLUDED_FROM_REPAIR.has(k)).toBe(true);
    }
    for (const k of [
      '警告',
      '通报批评',
      '罚款',
      '没收违法所得',
      '没收非法财物',
      '行政拘留',
      '其他',
    ] as const) {
      expect(PENALTY_KINDS_EXCLUDED_FROM_REPAIR.has(k)).toBe(false);
    }
  });

  it('a model may name a kind by a synonym (a model written before the full list)', () => {
    const model = structuredClone(getBuiltinModel('samr-risk')!);
    const severe = model.indicators.find((i) => i.id === 'penalty-severe')!;
    severe.sources = [{ type: 'penalty', state: 'inEffect', penaltyKindsAny: ['没收' as never] }];
    const r = evaluate(
      model,
      {
        id: 'P',
        entity: { kind: 'enterprise', establishedOn: '2015-01-01' },
        records: [{ type: 'penalty', date: '2026-03-01', penaltyKinds: ['没收违法所得'] }],
      },
      AS_OF,
    );
    expect(r.breakdown.find((l) => l.indicator === 'penalty-severe')?.points).toBe(-100);
  });
});
