import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type PlanDocument, parsePlanDocument, verifyPlan } from '../../shared/sampling/index.ts';
import { readPlanXlsx } from '../../electron/services/sampling/plan-xlsx.ts';
import {
  type CellDifference,
  verifyPlanWorkbook,
} from '../../electron/services/sampling/plan-xlsx-verify.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';
import { NODE_HASH, readCandidates } from './sample-pure.ts';

export const usage = 'creditdesk sample verify PLAN.(json|xlsx) [--candidates C.json] [--json]';

const isZip = (bytes: Buffer) => bytes[0] === 0x50 && bytes[1] === 0x4b;

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(`无法读取计划文件 ${path}：${e instanceof Error ? e.message : String(e)}`);
  }
}

export function readPlanFile(path: string): PlanDocument {
  const bytes = readBytes(path);
  try {
    // An .xlsx is a zip archive ("PK"); anything else is taken as JSON.
    if (isZip(bytes)) return readPlanXlsx(bytes);
    return parsePlanDocument(JSON.parse(bytes.toString('utf8')));
  } catch (e) {
    throw new CliError(`计划文件 ${path} 无法识别：${e instanceof Error ? e.message : String(e)}`);
  }
}

interface Verified {
  match: boolean;
  source: 'candidates' | 'embedded';
  differences: string[];
  plan: PlanDocument;
  /** XLSX only: every cell that is not what the verified inputs give. */
  cells?: CellDifference[];
}

/** A JSON plan is compared as a document; a workbook also cell by cell (plan-xlsx-verify.ts). */
function verifyFile(path: string, candidates: ReturnType<typeof readCandidates> | undefined): Verified {
  const bytes = readBytes(path);
  if (!isZip(bytes)) {
    const plan = readPlanFile(path);
    try {
      return { ...verifyPlan(plan, candidates, NODE_HASH), plan };
    } catch (e) {
      throw new CliError(e instanceof Error ? e.message : String(e));
    }
  }
  try {
    return verifyPlanWorkbook(bytes, candidates, NODE_HASH);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // No candidate list is a usage problem of its own; anything else means the file is not a plan.
    if (/--candidates/.test(message)) throw new CliError(message);
    throw new CliError(`计划文件 ${path} 无法识别：${message}`);
  }
}

/**
 * Re-runs the draw of a plan file with its recorded seed — on the given candidate list, else on the list
 * embedded in the file — and compares digest, strata, selection and teams. Prints 一致/match (exit 0)
 * or 不一致/mismatch with every difference (exit 1). A workbook is also compared cell by cell, and each
 * differing cell is named. --json prints `{match, source, digest, differences}` (+ `cells` for a workbook).
 */
export function sampleVerifyCommand(args: string[], io: CliIO): number {
  let parsed: { values: { candidates?: string; json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { candidates: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n用法：${usage}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) throw new CliError(`用法：${usage}`);
  const candidates = parsed.values.candidates ? readCandidates(parsed.values.candidates) : undefined;
  const v = verifyFile(file, candidates);
  const plan = v.plan;
  if (parsed.values.json) {
    io.out(
      JSON.stringify({
        match: v.match,
        source: v.source,
        digest: plan.digest,
        differences: v.differences,
        ...(v.cells ? { cells: v.cells } : {}),
      }),
    );
  } else if (v.match) {
    io.out('一致/match');
    io.out(
      `承诺摘要 ${plan.digest}，随机种子 ${plan.seed}；抽中 ${plan.selected.length} 户，${plan.teams.length} 个检查组` +
        `（候选名单：${v.source === 'candidates' ? parsed.values.candidates : '计划文件所附'}）`,
    );
  } else {
    io.out('不一致/mismatch');
    for (const d of v.differences) io.out(`  ${d}`);
  }
  return v.match ? EXIT.ok : EXIT.problems;
}
