/**
 * How the parallel run cuts the entities into blocks of ids: about `blockEntities` each, by id value
 * (ids are dense in practice; a gap only makes its block smaller). Block b covers after < id ≤ upTo.
 * Worker w reads blocks w, w + workers, … so the writer, taking blocks in order, takes them from each
 * worker in turn.
 */
export interface BlockPlan {
  /** The `after` of block 0: one below the smallest id. */
  start: number;
  width: number;
  blocks: number;
}

export function planBlocks(
  span: { min: number; max: number; count: number },
  blockEntities: number,
): BlockPlan {
  if (span.count === 0) return { start: 0, width: 1, blocks: 0 };
  const blocks = Math.max(1, Math.ceil(span.count / blockEntities));
  const width = Math.max(1, Math.ceil((span.max - span.min + 1) / blocks));
  return { start: span.min - 1, width, blocks };
}

export function blockRange(plan: BlockPlan, block: number): { after: number; upTo: number } {
  const after = plan.start + block * plan.width;
  return { after, upTo: after + plan.width };
}
