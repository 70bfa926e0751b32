import { describe, expect, it } from 'vitest';
import { type CellTag, readCellTag } from './cell-tag.ts';

/** The tag's attributes as readCellTag sees them: the text between `<c` and `>`. */
function read(startTag: string): CellTag {
  const tag: CellTag = { col: 0, row: 0, type: 'x' };
  readCellTag(startTag, 2, startTag.indexOf('>'), tag);
  return tag;
}

describe('readCellTag', () => {
  it('decodes the reference in place and reads the type', () => {
    expect(read('<c r="AB12" s="3" t="inlineStr">')).toEqual({ col: 27, row: 11, type: 'inlineStr' });
    expect(read("<c t='s' r='A1'>")).toEqual({ col: 0, row: 0, type: 's' });
    expect(read('<c\n r = "C3"\tt="str"/>')).toEqual({ col: 2, row: 2, type: 'str' });
  });

  it('says so when the tag has no reference or no type', () => {
    expect(read('<c s="1"/>')).toEqual({ col: -1, row: -1, type: undefined });
    expect(read('<c r="XFD1048576">')).toEqual({ col: 16383, row: 1048575, type: undefined });
  });

  it('is not fooled by attributes whose names end in r or t, nor by values that look like attributes', () => {
    expect(read('<c cr="Z9" xt="s" r="B2">')).toEqual({ col: 1, row: 1, type: undefined });
    expect(read('<c x:r="Z9" foo=" t=&quot;s&quot;" r="B2">')).toEqual({ col: 1, row: 1, type: undefined });
  });

  it('keeps the first r and t, and an unusual type as written', () => {
    expect(read('<c r="A1" r="B2" t="d" t="s">')).toEqual({ col: 0, row: 0, type: 'd' });
  });

  it('declines references that are not plain A1 style', () => {
    for (const ref of ['$A$1', 'a1', 'R1C1', 'A0', 'ABCD1', '12', 'A', ''])
      expect(() => read(`<c r="${ref}">`), ref).toThrow(/单元格引用/);
  });
});
