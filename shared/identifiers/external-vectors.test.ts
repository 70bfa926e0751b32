/**
 * Conformance against the third-party vectors in ../shared/external (SPEC §3). The files are never copied
 * into the project (licences, see their README), so this suite skips visibly when the folder is absent.
 * Each file documents its columns in a header comment; columns are located by name, not by position.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkIdentifier, type IdentifierCheck, isWellFormedUscc } from './index.ts';

const DIR = new URL('../../../shared/external/', import.meta.url);
const present = existsSync(DIR);
if (!present) console.warn('SKIPPED: ../shared/external not found — external identifier vectors not checked');

interface Vectors {
  columns: string[];
  rows: string[][];
}

/** Rows are non-comment lines (an empty code is a real row); "# columns:" / "# Format:" names the columns. */
function readVectors(name: string): Vectors {
  let columns = ['code'];
  const rows: string[][] = [];
  for (const line of readFileSync(new URL(name, DIR), 'utf8').split(/\r?\n/)) {
    const header = /^#\s*(?:columns|format):\s*(.*)$/i.exec(line);
    if (header) columns = header[1]!.split('<TAB>').map((c) => c.trim());
    else if (line !== '' && !line.startsWith('#')) rows.push(line.split('\t'));
  }
  return { columns, rows };
}

/** Returns a description of what is wrong with one row, or null. */
type RowRule = (row: string[], r: IdentifierCheck) => string | null;

function flag(column: string | undefined): boolean {
  if (column !== 'true' && column !== 'false') throw new Error(`expected true/false, got ${column}`);
  return column === 'true';
}

const stdnumValid: RowRule = (_row, r) => (r.valid ? null : `expected valid: ${JSON.stringify(r)}`);

const stdnumInvalid: RowRule = ([, cls], r) => {
  const checksumWarning = r.errors.length === 0 && r.checks.checkChar === false && r.warnings.length > 0;
  if (r.valid) return 'expected invalid';
  if (cls === 'InvalidLength') return r.errors.length > 0 ? null : 'InvalidLength must be an error';
  if (cls === 'InvalidFormat')
    return r.errors.length > 0 || checksumWarning ? null : 'needs error or warning';
  if (cls === 'InvalidChecksum') return checksumWarning ? null : 'InvalidChecksum must be a warning only';
  return `unknown error class ${cls}`;
};

/** Well-formed rows: checkChar must equal the file's column; checksum failures warn, never reject. */
function checksumColumn(col: number): RowRule {
  return (row, r) => {
    const expected = flag(row[col]);
    if (!isWellFormedUscc(r.normalized)) {
      // e.g. a 15-digit value in a USCC list is a (failing) regno15, not an error.
      const rejected = r.errors.length > 0 || r.kind !== 'uscc';
      return !expected && !r.valid && rejected ? null : 'malformed row must not pass';
    }
    if (r.kind !== 'uscc' || r.errors.length > 0) return 'well-formed USCC must have no errors';
    if (r.checks.checkChar !== expected) return `checkChar ${r.checks.checkChar}, column says ${expected}`;
    if (r.valid !== (expected && r.checks.orgCode === true)) return 'valid must be checkChar && orgCode';
    return expected || r.warnings.length > 0 ? null : 'checksum failure needs a warning';
  };
}

function regno15Column(col: number): RowRule {
  return (row, r) => {
    const len = r.normalized.length;
    if (len === 13) return r.kind === 'regno13' && r.valid ? null : 'expected a valid regno13';
    if (len !== 15 || r.kind !== 'regno15') return `expected regno15, got ${r.kind}`;
    return r.valid === flag(row[col]) && r.errors.length === 0
      ? null
      : `valid ${r.valid}, column ${row[col]}`;
  };
}

function ruleFor(name: string, columns: string[]): RowRule {
  if (name === 'uscc_stdnum_valid.txt') return stdnumValid;
  if (name === 'uscc_stdnum_invalid.txt') return stdnumInvalid;
  const mod = columns.findIndex((c) => c.startsWith('mod11_10_valid'));
  if (name.startsWith('regno15') && mod >= 0) return regno15Column(mod);
  const checksum = columns.findIndex((c) => /checksum_valid/.test(c));
  if (name.endsWith('.tsv') && checksum >= 0) return checksumColumn(checksum);
  throw new Error(`no rule for ${name} (columns: ${columns.join(', ')})`);
}

const files = present
  ? readdirSync(DIR)
      .filter((f) => f.startsWith('uscc_') || f === 'regno15_gs15_vectors.tsv')
      .sort()
  : ['(none)'];

describe.skipIf(!present)('external identifier vectors (../shared/external)', () => {
  it('finds the vector files', () => {
    expect(files).toContain('uscc_stdnum_valid.txt');
    expect(files).toContain('regno15_gs15_vectors.tsv');
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s: every row conforms', (name) => {
    const { columns, rows } = readVectors(name);
    const rule = ruleFor(name, columns);
    const failures = rows.flatMap((row) => {
      const problem = rule(row, checkIdentifier(row[0]!));
      return problem ? [`${row[0]}: ${problem}`] : [];
    });
    console.info(`${name}: ${rows.length} rows checked`);
    expect(rows.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
