/**
 * The search benches' query set: fragments cut from real names (1–4 characters), code prefixes of 4–10
 * and 14 characters, and punctuation, by kind. Built from the first 200 entities of a county, so every
 * engine and every size is asked the same kinds of question.
 */
import { all, type DataDoor, sql } from '../electron/db/sql.ts';

export interface NamedEntity {
  name: string;
  uscc: string | null;
  regNo: string | null;
}

export function searchQueryKinds(first200: readonly NamedEntity[]): [string, string[]][] {
  const names = first200.slice(0, 200).map((e) => e.name);
  const fragments = [
    ...names.slice(60, 80).map((n) => [...n][3] ?? ''),
    ...names.slice(0, 20).map((n) => [...n].slice(3, 5).join('')),
    ...names.slice(20, 40).map((n) => [...n].slice(3, 6).join('')),
    ...names.slice(40, 60).map((n) => [...n].slice(2, 6).join('')),
  ];
  const codes = first200.slice(0, 20).map((e) => e.uscc ?? e.regNo ?? '');
  const prefixes = codes.map((c, i) => c.slice(0, 4 + (i % 4) * 2));
  return [
    ['name 1 char', fragments.slice(0, 20)],
    ['name 2 char', fragments.slice(20, 40)],
    ['name 3 char', fragments.slice(40, 60)],
    ['name 4 char', fragments.slice(60, 80)],
    ['code prefix ≤ 10', prefixes],
    ['code prefix 14', codes.map((c) => c.slice(0, 14))],
    ['punctuation only', ['（', '）', '-', '·', '（）', ' - ', '、', '“”', '.', '/']],
  ];
}

/** The query set of a stored county, cut from its first 200 entities in id order (either engine). */
export function searchQueryKindsOf(db: DataDoor): [string, string[]][] {
  return searchQueryKinds(
    all<NamedEntity>(db, sql`SELECT name, uscc, reg_no AS "regNo" FROM entities ORDER BY id LIMIT 200`),
  );
}

export const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const p95 = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
