/**
 * Fills a new (or region-less) entity's 行政区划代码 from its USCC when the row leaves the column empty.
 * A code that is not in the current division list is kept — abolished codes are legal in old USCCs —
 * and the row gets a warning so a person can check it.
 */
import { regionFromUscc } from '../../../../shared/identifiers/index.ts';
import type { ApplyContext } from './kinds.ts';

/** The region code to store for the row, or undefined to leave the entity's as it is. */
export function regionForRow(
  ctx: ApplyContext,
  uscc: string | null,
  regNo: string | null,
): string | undefined {
  if (!uscc || ctx.stated('regionCode')) return undefined;
  const existing = ctx.store.findEntity(uscc, regNo);
  if (existing?.regionCode) return undefined;
  const derived = regionFromUscc(uscc);
  if (!derived) return undefined;
  if (derived.name === null) {
    ctx.issue(
      'regionCode',
      'warning',
      `「行政区划代码」未填写，已按统一社会信用代码第 3–8 位填为 ${derived.code}；该代码不在现行行政区划代码表中（可能是已撤销或调整的区划），请核对`,
    );
  }
  return derived.code;
}
