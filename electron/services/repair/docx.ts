/**
 * A repair or objection document as a Word file, laid out as official letters are (GB/T 9704 in spirit:
 * 二号 小标宋 title, 三号 仿宋 body, first lines indented two characters, the bureau and date at the bottom
 * right). The text is exactly the printable page's: both come from shared/repair/documents.ts.
 */
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { CreditDocument } from '../../../shared/repair/documents.ts';

const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
/** Half-points: 二号 22 pt, 三号 16 pt. */
const TITLE_SIZE = 44;
const BODY_SIZE = 32;
/** Two characters of 三号 in twentieths of a point. */
const INDENT = 640;

const run = (text: string, font = BODY_FONT, size = BODY_SIZE, bold = false) =>
  new TextRun({ text, font: { eastAsia: font, ascii: font, hAnsi: font }, size, bold });

export function documentDocx(doc: CreditDocument): Promise<Buffer> {
  const body = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200 },
      children: [run(doc.title, TITLE_FONT, TITLE_SIZE)],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 400 }, children: [run(doc.number)] }),
    new Paragraph({ children: [run(doc.addressee)] }),
    ...doc.paragraphs.map(
      (p) => new Paragraph({ indent: { firstLine: INDENT }, spacing: { line: 560 }, children: [run(p)] }),
    ),
    new Paragraph({
      spacing: { before: 800 },
      alignment: AlignmentType.RIGHT,
      children: [run(doc.signature.bureau)],
    }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(doc.signature.date)] }),
  ];
  const file = new Document({
    creator: doc.signature.bureau,
    title: doc.title,
    sections: [
      {
        properties: {
          // A4 with the margins of official documents (top 37 mm, bottom 35, left 28, right 26).
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 },
          },
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(file);
}
