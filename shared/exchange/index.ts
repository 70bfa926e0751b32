/**
 * Reading and understanding spreadsheets — the pure half (SPEC §7). For the import pipeline (H4):
 *
 *   const read = readSpreadsheet(bytes, fileName);              // electron/services/exchange/read
 *   if (!read.ok) → show read.message (Chinese)
 *   const sheet = read.sheets[chooseSheet(read.sheets, kind)?.index ?? 0];
 *   let det = detectHeader(sheet.rows, kind);                    // header row, data start, columns→fields
 *   const saved = remembered mapping for det.signature (your storage) → det = applyMapping(kind, det, saved)
 *   user corrections → det = applyMapping(kind, det, fields); store mappingToRemember(det) under det.signature
 *   for (let r = det.dataStart; r < sheet.rows.length; r++) {
 *     if (isRepeatedHeader(sheet.rows[r], det)) continue;
 *     const n = normalizeRow(kind, sheet.rows[r], det.columns, r, { date1904: read.date1904 });
 *     if (n.blank) continue;  n.values (canonical field names), n.issues ({row, column, field, severity, message})
 *   }
 *
 * Field types and the values normalizeRow produces: see types.ts (FieldType) and vocabulary.ts. Date
 * fields are 'YYYY-MM-DD' or null; 9999-09-09 / 长期 gives null and the field is listed in `longTerm`.
 * Identifier fields give {code, kind: 'uscc'|'regno15'|'regno13', valid}. Amounts give
 * {amount, unit, currency, value} (value in yuan for 人民币). Lists give string[]. Inspection result
 * lists are left as typed: map them with shared/inspection-results normalizeResults.
 */
export * from './types.ts';
export { columnLetter } from './columns.ts';
export { normalizeHeaderLabel, stripBracketNote } from './header-label.ts';
export { headerSignature } from './signature.ts';
export { fieldSpec, vocabularyOf } from './vocabulary.ts';
export {
  applyMapping,
  chooseSheet,
  type DetectOptions,
  detectHeader,
  type FieldMatch,
  HEADER_SCAN_ROWS,
  isHintRow,
  isRepeatedHeader,
  mapColumns,
  mappingToRemember,
  matchHeader,
  missingRequiredFields,
  type SheetChoice,
} from './header.ts';
export {
  entityKindFromCode,
  type FieldValue,
  normalizeCell,
  type NormalizedRow,
  normalizeRow,
} from './normalize-row.ts';
export { type AmountOptions, parseAmount } from './normalize/amount.ts';
export { parseYesNo } from './normalize/boolean.ts';
export { excelSerialToIso, isoDate, parseDate } from './normalize/dates.ts';
export { type EnumSpec, parseEnum, parseList } from './normalize/enum.ts';
export {
  type IdentifierValue,
  isMangledNumericCode,
  looksLikeScientificCode,
  normalizeIdentifier,
} from './normalize/identifier.ts';
export { parseInteger, parseNumber } from './normalize/number.ts';
export { idNumberCheckChar, normalizeIdNumber, normalizePhone } from './normalize/person.ts';
export { splitMulti } from './normalize/multi.ts';
export {
  cellText,
  cleanText,
  foldAll,
  foldAlnum,
  isBlank,
  isNullWord,
  normalizeCodeText,
  normalizeText,
} from './normalize/text.ts';
