import { readFileSync } from 'node:fs';
import {
  builtinModels,
  getBuiltinModel,
  type GradingModel,
  parseModelText,
} from '../../shared/grading/index.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage = 'creditdesk models list [--json] | show ID|FILE | validate FILE';

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`无法读取文件：${file}`);
  }
}

/**
 * `--model ID|FILE`: a built-in model id, else a model file (validated; every problem is reported).
 * Shared with `grade --db` so both accept the same argument.
 */
export function resolveModel(idOrFile: string): GradingModel {
  const builtin = getBuiltinModel(idOrFile);
  if (builtin) return builtin;
  if (!/[./\\]/.test(idOrFile)) {
    const ids = builtinModels()
      .map((m) => m.id)
      .join('、');
    throw new CliError(`未知模型：${idOrFile}（内置模型：${ids}；也可以给出模型文件路径）`);
  }
  const r = parseModelText(readText(idOrFile));
  if (!r.ok) throw new CliError(`模型文件 ${idOrFile} 无效：\n  ${r.errors.join('\n  ')}`);
  return r.model;
}

function summary(m: GradingModel) {
  return {
    id: m.id,
    version: m.version,
    effectiveFrom: m.effectiveFrom,
    name: m.name,
    scale: m.scale,
    base: m.base,
    grades: m.bands.map((b) => b.grade),
    indicators: m.indicators.length,
    overrides: (m.overrides ?? []).length,
    scoreOnly: m.scoreOnly?.scheme ?? null,
  };
}

/** `models list|show|validate`: the built-in models, one model's JSON, or a model file's problems. */
export function modelsCommand(args: string[], io: CliIO): number {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list': {
      const json = rest.includes('--json');
      if (rest.some((a) => a !== '--json')) throw new CliError(`用法：${usage}`);
      if (!json) io.out(['标识', '版本', '名称', '分值范围', '等级'].join('\t'));
      for (const m of builtinModels()) {
        const s = summary(m);
        io.out(
          json
            ? JSON.stringify(s)
            : [s.id, s.version, s.name, `${s.scale.min}–${s.scale.max}`, s.grades.join('/')].join('\t'),
        );
      }
      return EXIT.ok;
    }
    case 'show': {
      const [target] = rest;
      if (!target || rest.length !== 1) throw new CliError(`用法：${usage}`);
      io.out(JSON.stringify(resolveModel(target), null, 2));
      return EXIT.ok;
    }
    case 'validate': {
      const [file] = rest;
      if (!file || rest.length !== 1) throw new CliError(`用法：${usage}`);
      const r = parseModelText(readText(file));
      if (!r.ok) {
        io.err(`模型文件 ${file} 无效（${r.errors.length} 处问题）：`);
        for (const e of r.errors) io.err(`  ${e}`);
        return EXIT.problems;
      }
      io.out(`模型有效：${r.model.id} ${r.model.version}（${r.model.name}）`);
      return EXIT.ok;
    }
    default:
      throw new CliError(`用法：${usage}`);
  }
}
