/**
 * Step 7 of SPEC §6.4: inspector teams, continuing the entities' stream.
 * E_task = inspectors active, with a certificate valid on the start date, holding every qualification
 * the items require, and not experts (SPEC §6.1: experts help but never count towards the team).
 * cap = ceil(k_total × teamSize / |E_task|). Per selected entity in plan order: E = E_task minus its
 * conflicts (sorted by employee no.); fewer than teamSize → unstaffed, no randomness used; else pool =
 * E with load < cap (cap rises by one, for good, until the pool is large enough); partial Fisher–Yates
 * picks teamSize; the first picked leads.
 */
import type { PreparedDraw } from './prepare.ts';
import type { DrawStream } from './stream.ts';
import type { DrawSelected, DrawTeam, SamplingInspector } from './types.ts';

export function isEligible(i: SamplingInspector, startDate: string, required: readonly string[]): boolean {
  if (!i.active || i.expert) return false;
  // A certificate expiring on the start date is still valid that day.
  if (i.certificateExpiry === null || i.certificateExpiry < startDate) return false;
  return required.every((q) => i.qualifications.includes(q));
}

/** E_task, in employee-number order (the prepared inspectors are sorted already). */
export function eligibleInspectors(p: PreparedDraw): string[] {
  const required = [...new Set(p.items.flatMap((i) => (i.qualification === null ? [] : [i.qualification])))];
  return p.inspectors.filter((i) => isEligible(i, p.startDate, required)).map((i) => i.id);
}

export function drawTeams(
  p: PreparedDraw,
  selected: readonly DrawSelected[],
  stream: DrawStream,
): { teams: DrawTeam[]; unstaffed: string[]; eligible: string[] } {
  const eligible = eligibleInspectors(p);
  const teamSize = p.teamSize;
  const teams: DrawTeam[] = [];
  const unstaffed: string[] = [];
  if (selected.length === 0) return { teams, unstaffed, eligible };
  if (eligible.length === 0) return { teams, unstaffed: selected.map((s) => s.id), eligible };

  // Inspectors as positions in E_task (sorted), loads in a typed array: a county plan has tens of
  // thousands of entities × hundreds of inspectors, so the per-entity scan must be cheap.
  const position = new Map(eligible.map((id, i) => [id, i]));
  const conflictsOf = new Map<string, Set<number>>();
  for (const c of p.conflicts) {
    const at = position.get(c.inspector);
    if (at === undefined) continue;
    let set = conflictsOf.get(c.entity);
    if (!set) {
      set = new Set();
      conflictsOf.set(c.entity, set);
    }
    set.add(at);
  }
  const m = eligible.length;
  const load = new Int32Array(m);
  const pool = new Int32Array(m);
  let cap = Math.ceil((selected.length * teamSize) / m);

  for (const entity of selected) {
    const conflicted = conflictsOf.get(entity.id);
    if (m - (conflicted?.size ?? 0) < teamSize) {
      unstaffed.push(entity.id);
      continue;
    }
    // pool = members of E (E_task minus conflicts, in order) with load < cap; raise cap until large enough.
    let n = 0;
    for (;;) {
      n = 0;
      for (let i = 0; i < m; i++) if (load[i]! < cap && !conflicted?.has(i)) pool[n++] = i;
      if (n >= teamSize) break;
      cap += 1;
    }
    for (let i = 0; i < teamSize; i++) {
      const j = i + stream.below(n - i);
      const t = pool[i]!;
      pool[i] = pool[j]!;
      pool[j] = t;
    }
    const team: string[] = [];
    for (let i = 0; i < teamSize; i++) {
      load[pool[i]!]! += 1;
      team.push(eligible[pool[i]!]!);
    }
    teams.push({ entity: entity.id, inspectors: team, lead: team[0]! });
  }
  return { teams, unstaffed, eligible };
}
