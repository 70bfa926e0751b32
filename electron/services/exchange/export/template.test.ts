/** The 填写说明 sheet of every import template says each rule once. */
import { describe, expect, it } from 'vitest';
import { IMPORT_KIND_LABELS, IMPORT_KINDS } from '../../../../shared/exchange/types.ts';
import { fieldNote, templateSheets } from './template.ts';

function notes(kind: (typeof IMPORT_KINDS)[number]): string[] {
  const sheet = templateSheets(kind).sheets.find((s) => s.name === '填写说明');
  if (!sheet) throw new Error('no 填写说明 sheet');
  return [...sheet.rows].map((r) => String(r[2] ?? ''));
}

describe('import template notes', () => {
  for (const kind of IMPORT_KINDS) {
    it(`${IMPORT_KIND_LABELS[kind]}: no rule repeated within a column's note`, () => {
      for (const note of notes(kind)) {
        expect(note.split('多项用').length - 1).toBeLessThanOrEqual(1);
        expect(note.split('日期写成').length - 1).toBeLessThanOrEqual(1);
      }
    });
  }

  it('the inspection results column says how to separate several results once', () => {
    const results = notes('inspections').filter((n) => n.includes('未发现问题'));
    expect(results).toEqual(['如 未发现问题、发现问题经责令已改正，多项用顿号分隔']);
  });

  it('adds the general rule of a type when the hint does not say it', () => {
    expect(fieldNote({ type: 'list', hint: '如 A、B' })).toBe('如 A、B；多项用顿号、逗号分隔');
    expect(fieldNote({ type: 'date' })).toBe('日期写成 2021-06-29');
  });
});
