/**
 * Whether an id is excluded, asked a million times in a draw. Asking the Set alone computes every id's
 * hash (each string is new to the engine), which measured about a tenth of preparing a draw; a table of
 * the excluded ids' last three characters first turns away nearly every id that is not excluded, and
 * only the rest reach the Set. The answer is exactly the Set's.
 */
const TABLE_BITS = 16;

/** Three trailing UTF-16 units folded into a table index; a shorter id folds NaN, which `& mask` makes 0. */
function tailKey(id: string): number {
  const n = id.length;
  return (
    (id.charCodeAt(n - 1) * 961 + id.charCodeAt(n - 2) * 31 + id.charCodeAt(n - 3)) & ((1 << TABLE_BITS) - 1)
  );
}

export function exclusionTest(excluded: ReadonlySet<string>): (id: string) => boolean {
  if (excluded.size === 0) return () => false;
  const table = new Uint8Array(1 << TABLE_BITS);
  for (const id of excluded) table[tailKey(id)] = 1;
  return (id) => table[tailKey(id)] === 1 && excluded.has(id);
}
