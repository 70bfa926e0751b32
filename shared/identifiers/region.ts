/**
 * 行政区划代码 from a 统一社会信用代码: positions 3–8 are the registering authority's GB/T 2260 code
 * (domain-facts §4.1). Used to fill an entity's region when the import has no region column. Codes of
 * abolished or renamed divisions stay legal in USCCs issued before the change, so an unknown code is
 * kept and only flagged (name null), never refused.
 */
import { isWellFormedUscc } from './check.ts';
import { REGION_TABLE } from './regions.generated.ts';

let names: Map<string, string> | null = null;

/** The name of a current province, prefecture or county-level code, or null when it is not in the list. */
export function regionName(code: string): string | null {
  if (!names) {
    names = new Map();
    for (const entry of REGION_TABLE.split('|')) names.set(entry.slice(0, 6), entry.slice(6));
  }
  return names.get(code) ?? null;
}

export interface DerivedRegion {
  code: string;
  /** Null: not in the current list (e.g. a division abolished since the code was issued). */
  name: string | null;
}

/**
 * The region of a normalised USCC registered by market supervision (position 1 = 9, the entities this
 * app keeps), or null when the code is not well formed or another authority registered it.
 */
export function regionFromUscc(uscc: string): DerivedRegion | null {
  if (!isWellFormedUscc(uscc) || uscc.charAt(0) !== '9') return null;
  const code = uscc.slice(2, 8);
  return { code, name: regionName(code) };
}
