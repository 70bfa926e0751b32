/**
 * The workbook's map, from its small control parts: the package relationships lead to the workbook,
 * the workbook lists its sheets (name, visibility, relationship id) and the 1904 flag, and the
 * workbook's relationships give each sheet's part and the shared-string table. Anything outside the
 * common transitional layout declines to SheetJS.
 */
import { decline } from './declined.ts';
import { attr, xmlText } from './xml-text.ts';

export type SheetKind = 'worksheet' | 'chartsheet';

export interface SheetRef {
  name: string;
  hidden: boolean;
  kind: SheetKind;
  /** Zip entry name, as the archive spells it. */
  part: string;
}

export interface WorkbookMap {
  date1904: boolean;
  sheets: SheetRef[];
  sharedStrings: string | null;
}

const REL_BASE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

interface Rel {
  type: string;
  target: string;
  external: boolean;
}

/** Every start tag `<name …>` of one element name (unprefixed), as raw tag text. */
function tags(xml: string, name: string): string[] {
  const out: string[] = [];
  const open = `<${name}`;
  let at = xml.indexOf(open);
  while (at >= 0) {
    const next = xml.charCodeAt(at + open.length);
    const end = xml.indexOf('>', at);
    if (end < 0) break;
    // `<sheet ` but not `<sheetView` or `<sheets>`.
    if (next === 0x20 || next === 0x2f || next === 0x3e || next === 0x09 || next === 0x0a || next === 0x0d)
      out.push(xml.slice(at, end + 1));
    at = xml.indexOf(open, end);
  }
  return out;
}

/** The root element must be unprefixed and transitional: strict OOXML and prefixed XML decline. */
function checkRoot(xml: string, root: string, what: string): void {
  if (xml.includes('purl.oclc.org/ooxml')) decline(`严格 OOXML（${what}）`);
  if (!new RegExp(`<${root}[\\s>/]`).test(xml)) decline(`${what} 的根元素不是 <${root}>`);
}

function parseRels(xml: string, what: string): Map<string, Rel> {
  checkRoot(xml, 'Relationships', what);
  const rels = new Map<string, Rel>();
  for (const t of tags(xml, 'Relationship')) {
    const id = attr(t, 'Id');
    const type = attr(t, 'Type');
    const target = attr(t, 'Target');
    if (id === undefined || type === undefined || target === undefined) decline(`${what} 中的关系不完整`);
    rels.set(id, { type, target: xmlText(target), external: attr(t, 'TargetMode') === 'External' });
  }
  return rels;
}

/** A relationship target relative to the folder of the part that owns the relationships. */
function resolvePart(from: string, target: string): string {
  const segments = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const s of target.replace(/^\//, '').split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '.' && s !== '') segments.push(s);
  }
  return segments.join('/');
}

function relsOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function isTrue(v: string | undefined): boolean {
  return v === '1' || v === 'true';
}

/**
 * `read(name)` gives a part's text or null when absent (names compared case-insensitively, as Excel
 * does). The workbook is the package's officeDocument relationship.
 */
export function readWorkbookMap(read: (name: string) => string | null): WorkbookMap {
  const rootRels = read('_rels/.rels');
  if (rootRels === null) decline('缺少 _rels/.rels');
  const office = [...parseRels(rootRels, '_rels/.rels').values()].find(
    (r) => r.type === `${REL_BASE}officeDocument` && !r.external,
  );
  if (!office) decline('找不到工作簿');
  const bookPart = resolvePart('', office.target);
  const book = read(bookPart);
  if (book === null) decline('缺少工作簿部件');
  checkRoot(book, 'workbook', bookPart);
  const bookRelsText = read(relsOf(bookPart));
  if (bookRelsText === null) decline('缺少工作簿关系');
  const rels = parseRels(bookRelsText, relsOf(bookPart));
  const pr = tags(book, 'workbookPr')[0];
  const date1904 = pr !== undefined && isTrue(attr(pr, 'date1904'));
  const sheets: SheetRef[] = [];
  for (const t of tags(book, 'sheet')) {
    const name = attr(t, 'name');
    const rid = attr(t, 'r:id');
    if (name === undefined || rid === undefined) decline('工作表缺少名称或关系');
    const rel = rels.get(rid);
    if (!rel || rel.external) decline(`工作表「${name}」没有对应的部件`);
    const kind: SheetKind | null = rel.type.endsWith('/worksheet')
      ? 'worksheet'
      : rel.type.endsWith('/chartsheet')
        ? 'chartsheet'
        : null;
    // Macro and dialog sheets: SheetJS tells them apart and the old path reports them.
    if (kind === null) decline(`工作表「${name}」的类型 ${rel.type}`);
    const state = attr(t, 'state');
    sheets.push({
      name: xmlText(name),
      hidden: state === 'hidden' || state === 'veryHidden',
      kind,
      part: resolvePart(bookPart, rel.target),
    });
  }
  if (sheets.length === 0) decline('工作簿中没有工作表');
  const sst = [...rels.values()].find((r) => r.type === `${REL_BASE}sharedStrings` && !r.external);
  return { date1904, sheets, sharedStrings: sst ? resolvePart(bookPart, sst.target) : null };
}
