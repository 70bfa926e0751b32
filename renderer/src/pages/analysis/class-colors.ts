/** The colours of the credit classes on every chart (no chart code here: tests find bars by colour). */

/**
 * Class colours in class order: green for the most trusted, through blue and orange, to red (and a
 * dark purple for a fifth class such as A–E models' E), so the worst class is always the darkest.
 */
const CLASS_COLORS = ['#2f9e44', '#1c7ed6', '#f08c00', '#e03131', '#862e9c', '#495057'];

export function classColor(index: number): string {
  return CLASS_COLORS[Math.min(index, CLASS_COLORS.length - 1)] ?? '#868e96';
}

/** The high-risk ranking: groups riskier than the county in red, the others in light blue. */
export const ABOVE_COUNTY = '#e03131';
export const AT_OR_BELOW_COUNTY = '#74c0fc';
