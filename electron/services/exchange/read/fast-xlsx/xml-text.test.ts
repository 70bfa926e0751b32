import { describe, expect, it } from 'vitest';
import { attr, attrIn } from './xml-text.ts';

describe('attrIn: one start tag inside the sheet text', () => {
  const xml = '<c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c>';
  const firstTagEnd = xml.indexOf('>');

  it('reads an attribute of the tag between its bounds', () => {
    expect(attrIn(xml, 2, firstTagEnd, 'r')).toBe('A1');
  });

  it('never answers with a later tag’s attribute the tag itself lacks', () => {
    expect(attrIn(xml, 2, firstTagEnd, 't')).toBeUndefined();
    const second = xml.indexOf('<c', 1);
    expect(attrIn(xml, second + 2, xml.indexOf('>', second), 't')).toBe('s');
  });

  it('tells an attribute from the tail of another one’s name, like attr', () => {
    expect(attr(' cm="1" m="2"', 'm')).toBe('2');
    expect(attrIn('<c cm="1">', 2, 9, 'm')).toBeUndefined();
  });
});
