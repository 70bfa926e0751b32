import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ENTITY_KIND_LABELS } from '../../shared/domain/entity.ts';
import {
  buildPlanDocument,
  type DrawInput,
  drawPlanDetailed,
  type SamplingCandidate,
  SamplingInputError,
  samplingInspectorSchema,
  samplingTaskSchema,
} from '../../shared/sampling/index.ts';
import { nodeSha256 } from '../../electron/services/sampling/node-sha256.ts';
import { writePlanXlsx } from '../../electron/services/sampling/plan-xlsx.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk sample --task TASK.json --candidates C.json --inspectors I.json [--seed HEX] [--out PLAN.json|PLAN.xlsx] --json';

/** node:crypto's SHA-256 for the commitment: the same digest as the pure one, ~10× faster on big pools. */
export const NODE_HASH = { hash: nodeSha256 };

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`无法读取${what} ${path}：${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string, path: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(根)'}：${i.message}`);
  throw new CliError(`${what} ${path} 无效：\n  ${issues.join('\n  ')}`);
}

/** Reads the three input files of the pure draw (also used by `sample verify --candidates`). */
export function readCandidates(path: string): SamplingCandidate[] {
  const value = readJson(path, '候选名单');
  // A million rows: the draw itself checks every field (kind, class, status, id) in one pass, far faster
  // than a schema; here only the shape of the file is checked.
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'object' || c === null))
    throw new CliError(`候选名单 ${path} 应为对象数组：[{"id", "kind", "class", "status"}]`);
  return value as SamplingCandidate[];
}

export function readDrawInput(taskPath: string, candidatesPath: string, inspectorsPath: string): DrawInput {
  return {
    task: parseWith(samplingTaskSchema, readJson(taskPath, '任务文件'), '任务文件', taskPath),
    candidates: readCandidates(candidatesPath),
    inspectors: parseWith(
      z.array(samplingInspectorSchema),
      readJson(inspectorsPath, '检查人员名录'),
      '检查人员名录',
      inspectorsPath,
    ),
  };
}

/**
 * The pure draw (SPEC §6.4): files in, plan out, no database. Without --seed the seed is 32 bytes from
 * the OS CSPRNG and printed with the plan. --json prints `{digest, seed, strata, selected, teams,
 * unstaffed, warnings, eligibleInspectors}`; otherwise a readable summary. --out also writes the plan
 * file (JSON or XLSX by extension) that `sample verify` checks. Unstaffed entities are part of a valid
 * plan: they are listed, warned about on stderr, and the exit code stays 0.
 */
export function samplePureCommand(args: string[], io: CliIO): number {
  let values: {
    task?: string;
    candidates?: string;
    inspectors?: string;
    seed?: string;
    out?: string;
    json?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        task: { type: 'string' },
        candidates: { type: 'string' },
        inspectors: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n用法：${usage}`);
  }
  if (!values.task || !values.candidates || !values.inspectors) throw new CliError(`用法：${usage}`);
  if (values.seed !== undefined && !/^[0-9a-fA-F]{64}$/.test(values.seed))
    throw new CliError('--seed 应为 64 位十六进制数字（32 字节）');

  const input = readDrawInput(values.task, values.candidates, values.inspectors);
  const seed = values.seed ?? randomBytes(32).toString('hex');
  let outcome: ReturnType<typeof drawPlanDetailed>;
  try {
    outcome = drawPlanDetailed(input, seed, NODE_HASH);
  } catch (e) {
    if (e instanceof SamplingInputError) throw new CliError(`无法抽取：\n  ${e.problems.join('\n  ')}`);
    throw e;
  }

  if (values.out) {
    const plan = buildPlanDocument(input, outcome, { drawnAt: new Date().toISOString(), drawnBy: null });
    try {
      writeFileSync(
        values.out,
        values.out.toLowerCase().endsWith('.xlsx')
          ? writePlanXlsx(plan)
          : `${JSON.stringify(plan, null, 1)}\n`,
      );
    } catch (e) {
      throw new CliError(`无法写入计划文件 ${values.out}：${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const { prepared: _prepared, selectedRows: _rows, ...result } = outcome;
  if (values.json) io.out(JSON.stringify(result));
  else {
    io.out(`随机种子 ${result.seed}`);
    io.out(`承诺摘要 ${result.digest}`);
    io.out(['主体类型', '风险等级', '候选数', '抽取数', '比例（万分比）'].join('\t'));
    for (const s of result.strata)
      io.out([ENTITY_KIND_LABELS[s.kind], s.class ?? '未分类', s.N, s.k, s.bp].join('\t'));
    io.out(['序号', '标识', '主检', '检查人员'].join('\t'));
    const teams = new Map(result.teams.map((t) => [t.entity, t]));
    result.selected.forEach((s, i) => {
      const t = teams.get(s.id);
      io.out([i + 1, s.id, t?.lead ?? '（未配齐）', t?.inspectors.join('、') ?? ''].join('\t'));
    });
  }
  for (const w of result.warnings) io.err(`提示：${w}`);
  return EXIT.ok;
}
