/**
 * The task wizard's 手工排除 box: one entity per line, “代码 理由”. Each line is either taken or
 * rejected with its reason (no reason, malformed code, the same entity twice, no such entity), so a
 * mistyped code is shown to the user instead of silently excluding nobody.
 */
import { entityCodeFormat, type KnownEntity, unknownCodeHint } from './entity-code-check.ts';

export interface ExclusionLine {
  /** 1-based line number in the box (blank lines counted). */
  line: number;
  text: string;
}

export interface TakenExclusion extends ExclusionLine {
  entity: string;
  reason: string;
}

export interface RejectedExclusion extends ExclusionLine {
  problem: string;
}

export interface ExclusionParse {
  taken: TakenExclusion[];
  rejected: RejectedExclusion[];
}

/** Splits a line into its code and its reason (spaces or commas between them). */
function splitLine(text: string): { code: string; reason: string } {
  const [code = '', ...rest] = text.split(/[\s,，、]+/);
  return { code, reason: rest.join(' ').trim() };
}

/** Format checks only: what can be told without the database. */
export function parseExclusionLines(box: string): ExclusionParse {
  const taken: TakenExclusion[] = [];
  const rejected: RejectedExclusion[] = [];
  const seen = new Map<string, number>();
  const lines = box.split('\n');
  for (const [i, raw] of lines.entries()) {
    const text = raw.trim();
    if (!text) continue;
    const line = i + 1;
    const { code, reason } = splitLine(text);
    const f = entityCodeFormat(code);
    const first = seen.get(f.code);
    const problem = f.error
      ? f.error
      : !reason
        ? '没有写排除理由（每行：代码 理由）'
        : first !== undefined
          ? `与第 ${first} 行是同一主体，重复`
          : null;
    if (problem) {
      rejected.push({ line, text, problem });
      continue;
    }
    seen.set(f.code, line);
    taken.push({ line, text, entity: f.code, reason });
  }
  return { taken, rejected };
}

/**
 * Moves the lines whose entity is not in the database to `rejected`. `known` holds the entities found
 * for the taken codes (by normalised code).
 */
export function rejectUnknownExclusions(
  parse: ExclusionParse,
  known: ReadonlyMap<string, KnownEntity>,
): ExclusionParse {
  const taken: TakenExclusion[] = [];
  const rejected = [...parse.rejected];
  for (const t of parse.taken) {
    if (known.has(t.entity)) taken.push(t);
    else {
      rejected.push({
        line: t.line,
        text: t.text,
        problem: `主体库中没有代码为 ${t.entity} 的主体${unknownCodeHint(t.entity)}`,
      });
    }
  }
  rejected.sort((a, b) => a.line - b.line);
  return { taken, rejected };
}
