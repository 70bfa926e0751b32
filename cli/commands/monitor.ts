import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isIsoDate, localIsoDate } from '../../shared/dates/iso-date.ts';
import {
  builtinMonitoringRuleSet,
  evaluateMonitoring,
  MONITORING_RULE_LABELS,
  type MonitoringRuleSet,
  type MonitoringWarning,
  monitoringFactsFromCreditFiles,
  monitoringInputErrors,
  parseMonitoringRuleSet,
} from '../../shared/monitoring/index.ts';
import { readCreditFilesInput } from '../credit-files-input.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage = 'creditdesk monitor --input CREDITFILES.json [--as-of DATE] [--rules FILE] --json';

/** Today's date on this machine's calendar (the only clock read; the engine never reads one). */
const today = (): string => localIsoDate(new Date());

interface MonitorOptions {
  input?: string;
  db?: string;
  'as-of'?: string;
  rules?: string;
  json?: boolean;
}

function options(args: string[]): MonitorOptions {
  try {
    return parseArgs({
      args,
      options: {
        input: { type: 'string' },
        db: { type: 'string' },
        'as-of': { type: 'string' },
        rules: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n用法：${usage}`);
  }
}

/** The rule set of `--rules FILE`, else the built-in county default. */
function readRuleSet(path: string | undefined): MonitoringRuleSet {
  if (path === undefined) return builtinMonitoringRuleSet();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`无法读取监测规则文件 ${path}：${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parseMonitoringRuleSet(json);
  if (!parsed.ok) throw new CliError(`监测规则文件 ${path} 无效：\n  ${parsed.errors.join('\n  ')}`);
  return parsed.value;
}

function printTable(io: CliIO, warnings: readonly MonitoringWarning[]): void {
  io.out(['规则', '等级', '建议措施', '对象', '主体数', '说明'].join('\t'));
  for (const w of warnings) {
    io.out(
      [
        MONITORING_RULE_LABELS[w.rule],
        w.level,
        w.action,
        w.subject.display,
        String(w.entities.length),
        w.evidence.join('；'),
      ].join('\t'),
    );
  }
}

/**
 * Pure monitoring: credit files in, warnings out; no database. `--as-of` defaults to the input
 * document's own `asOf`, else today; `--rules` to the built-in county default. With --json one JSON
 * document `{asOf, warnings: [{rule, level, action, subject: {type, key, display}, entities, evidence}]}`
 * (a public contract, sorted by rule then subject key); otherwise one tab-separated line per warning.
 * Warnings found are the result, not a failure: the exit code is 0.
 */
export function monitorCommand(args: string[], io: CliIO): number {
  const values = options(args);
  if (values.db !== undefined) {
    throw new CliError('creditdesk monitor --db 尚未支持；请用 --input 读取信用档案文件');
  }
  if (!values.input) throw new CliError(`用法：${usage}`);
  if (values['as-of'] !== undefined && !isIsoDate(values['as-of'])) {
    throw new CliError(`--as-of 应为有效日期 YYYY-MM-DD：${values['as-of']}`);
  }
  const ruleSet = readRuleSet(values.rules);
  const parsed = readCreditFilesInput(values.input);
  const inputErrors = monitoringInputErrors(parsed.files);
  if (inputErrors.length > 0) {
    const shown = inputErrors.slice(0, 20);
    const more = inputErrors.length > shown.length ? `\n  …另有 ${inputErrors.length - shown.length} 处` : '';
    throw new CliError(`信用档案文件 ${values.input} 无效：\n  ${shown.join('\n  ')}${more}`);
  }
  const asOf = values['as-of'] ?? parsed.asOf ?? today();
  const warnings = evaluateMonitoring(monitoringFactsFromCreditFiles(parsed.files, asOf, ruleSet), ruleSet);

  if (values.json) io.out(JSON.stringify({ asOf, warnings }));
  else printTable(io, warnings);
  return EXIT.ok;
}
