/** The wizard's form: what the user types, how a saved draft fills it, and the task it becomes. */
import type { TaskDetail, TaskInput } from '../../../../../shared/api/contracts/sampling.ts';
import { addDays } from '../../../../../shared/dates/iso-date.ts';
import type { EntityKind } from '../../../../../shared/domain/entity.ts';
import { parseExclusionLines } from '../../../../../shared/sampling/reference/exclusion-lines.ts';

export interface WizardForm {
  number: string;
  name: string;
  startDate: string;
  endDate: string;
  teamSize: number;
  organiser: string;
  witness: string;
  items: string[];
  directed: boolean;
  kinds: EntityKind[];
  townships: string[];
  industryPrefixes: string;
  /** One entity per line: “代码 理由”. */
  exclusions: string;
  /** '' = no grading run (every candidate 未分类). */
  gradingRunId: string;
  profileId: string;
}

export function formFromDraft(existing: TaskDetail): WizardForm {
  const t = existing.task;
  return {
    number: t.number,
    name: t.name,
    startDate: t.startDate,
    endDate: t.endDate,
    teamSize: t.teamSize,
    organiser: t.organiser ?? '',
    witness: t.witness ?? '',
    items: t.items,
    directed: t.directed,
    kinds: t.filter.kinds,
    townships: t.filter.townships,
    industryPrefixes: t.filter.industryPrefixes.join('，'),
    exclusions: t.exclusions.map((e) => `${e.entity} ${e.reason}`).join('\n'),
    gradingRunId: t.gradingRunId === null ? '' : String(t.gradingRunId),
    profileId: t.profileId ?? 'lindian-2024',
  };
}

/** A new task's form; its 文号 comes from the backend once loaded (sampling.tasks.nextNumber). */
export function newForm(today: string): WizardForm {
  return {
    number: '',
    name: `${today.slice(0, 4)} 年公示信息双随机抽查`,
    startDate: today,
    endDate: addDays(today, 20),
    teamSize: 2,
    organiser: '',
    witness: '',
    items: ['A07'],
    directed: false,
    kinds: [],
    townships: [],
    industryPrefixes: '',
    exclusions: '',
    gradingRunId: '',
    profileId: 'lindian-2024',
  };
}

export function toInput(f: WizardForm): TaskInput {
  return {
    number: f.number,
    name: f.name,
    items: f.items,
    directed: f.directed,
    filter: {
      kinds: f.directed ? f.kinds : [],
      townships: f.directed ? f.townships : [],
      jurisdictions: [],
      industryPrefixes: f.directed
        ? f.industryPrefixes
            .split(/[\s,，、]+/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
      tags: [],
    },
    gradingRunId: f.gradingRunId ? Number(f.gradingRunId) : null,
    profileId: f.profileId,
    startDate: f.startDate,
    endDate: f.endDate,
    teamSize: f.teamSize,
    organiser: f.organiser || null,
    witness: f.witness || null,
    // The scope step lets the user go on only when no line is rejected.
    exclusions: parseExclusionLines(f.exclusions).taken.map((t) => ({ entity: t.entity, reason: t.reason })),
  };
}

/**
 * A new task takes the proposed 文号 and the newest run of the county model, unless the user already
 * filled those fields in. Returns the same form when nothing changes, so applying it in an effect
 * does not render again.
 */
export function withProposals(
  form: WizardForm,
  proposals: { number: string | null; defaultRunId: number | null },
): WizardForm {
  const number = form.number === '' && proposals.number !== null ? proposals.number : form.number;
  const gradingRunId =
    form.gradingRunId === '' && proposals.defaultRunId !== null
      ? String(proposals.defaultRunId)
      : form.gradingRunId;
  return number === form.number && gradingRunId === form.gradingRunId
    ? form
    : { ...form, number, gradingRunId };
}
