/**
 * The monitoring signals planted in the demo county (issue 13): registration-agent addresses holding
 * 12–60 companies, people behind 5–8 entities, bursts of 法定代表人/住所/名称 changes and complaint surges.
 *
 * Entities are cut into blocks of CLUSTER_BLOCK indices; each block's plan depends only on (seed, county,
 * block), so entity i still depends only on (seed, county, asOf, i) and a shorter run is a prefix of a
 * longer one (a run that ends inside a block just holds part of that block's clusters). Blocks keep the
 * clusters realistic in size at any county size instead of one giant cluster in a large demo.
 */
import type { CountyContext, TownshipInfo } from './county.ts';
import { agentAddress, fullPersonName } from './names.ts';
import { Rng } from './prng.ts';

export const CLUSTER_BLOCK = 2000;

export type ClusterRole =
  | {
      readonly type: 'agent';
      readonly address: string;
      readonly township: TownshipInfo | null;
      /** Many hosted companies cannot be found at the agent's office and end up listed (查无下落). */
      readonly unreachable: boolean;
    }
  | { readonly type: 'person'; readonly name: string }
  | { readonly type: 'changes' }
  | { readonly type: 'surge' };

/** Agents per block and their sizes; people per block and how many entities each is behind. */
const AGENTS_PER_BLOCK = 1;
const AGENT_SIZE = [12, 60] as const;
const PEOPLE_PER_BLOCK = 2;
const PERSON_SIZE = [5, 8] as const;
const CHANGE_BURSTS_PER_BLOCK = 3;
const SURGES_PER_BLOCK = 2;
/** Share of an agent's companies listed as unreachable, for the agents that have that problem. */
export const UNREACHABLE_SHARE = 0.45;

/** index → the role it plays in a planted cluster, or null for an ordinary entity. */
export function createClusterPlanner(
  seedWords: readonly [number, number, number, number],
  county: CountyContext,
): (index: number) => ClusterRole | null {
  // Its own stream, so planting clusters does not shift any other random draw of the county.
  const [a, b, c, d] = seedWords;
  const rng = new Rng([a ^ 0x5bd1e995, b, c, d]);
  const streets = county.townships.filter((t) => t.type === 'street');
  const agentTownships = streets.length > 0 ? streets : county.townships;
  let cachedBlock = -1;
  let cached = new Map<number, ClusterRole>();

  const plan = (block: number): Map<number, ClusterRole> => {
    rng.reseed(block);
    const roles = new Map<number, ClusterRole>();
    const place = (count: number, role: () => ClusterRole): void => {
      for (let placed = 0, tries = 0; placed < count && tries < count * 20; tries++) {
        const offset = rng.int(CLUSTER_BLOCK);
        if (roles.has(offset)) continue;
        roles.set(offset, role());
        placed++;
      }
    };
    for (let a = 0; a < AGENTS_PER_BLOCK; a++) {
      const township = agentTownships.length > 0 ? rng.pick(agentTownships) : null;
      const role: ClusterRole = {
        type: 'agent',
        address: agentAddress(rng, county, township),
        township,
        unreachable: rng.chance(0.5),
      };
      place(rng.range(AGENT_SIZE[0], AGENT_SIZE[1]), () => role);
    }
    for (let p = 0; p < PEOPLE_PER_BLOCK; p++) {
      const role: ClusterRole = { type: 'person', name: fullPersonName(rng) };
      place(rng.range(PERSON_SIZE[0], PERSON_SIZE[1]), () => role);
    }
    place(CHANGE_BURSTS_PER_BLOCK, () => ({ type: 'changes' }));
    place(SURGES_PER_BLOCK, () => ({ type: 'surge' }));
    return roles;
  };

  return (index: number): ClusterRole | null => {
    const block = Math.floor(index / CLUSTER_BLOCK);
    if (block !== cachedBlock) {
      cached = plan(block);
      cachedBlock = block;
    }
    return cached.get(index % CLUSTER_BLOCK) ?? null;
  };
}
