import { dbPathIn, defaultDataDir } from '../electron/paths.ts';
import { describeError } from './credentials.ts';
import { auditCommand, usage as auditUsage } from './commands/audit.ts';
import { backupCommand, usage as backupUsage } from './commands/backup.ts';
import { checkCommand, usage as checkUsage } from './commands/check.ts';
import { demoCommand, usage as demoUsage } from './commands/demo.ts';
import { entitiesCommand, usage as entitiesUsage } from './commands/entities.ts';
import { exportCommand, usage as exportUsage } from './commands/export.ts';
import { gradeCommand, usage as gradeUsage } from './commands/grade.ts';
import { importCommand, usage as importUsage } from './commands/import.ts';
import { initCommand, usage as initUsage } from './commands/init.ts';
import { modelsCommand, usage as modelsUsage } from './commands/models.ts';
import { monitorCommand, usage as monitorUsage } from './commands/monitor.ts';
import { repairCommand, usage as repairUsage } from './commands/repair.ts';
import { reportCommand, usage as reportUsage } from './commands/report.ts';
import { restoreCommand, usage as restoreUsage } from './commands/restore.ts';
import { sampleCommand, usage as sampleUsage } from './commands/sample.ts';
import { serverCommand, usage as serverUsage } from './commands/server.ts';
import { usccCommand, usage as usccUsage } from './commands/uscc.ts';
import { usersCommand, usage as usersUsage } from './commands/users.ts';
import { type CliIO, EXIT, OutputClosed, processIO } from './io.ts';

type Command = (args: string[], io: CliIO) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  init: initCommand,
  demo: demoCommand,
  uscc: usccCommand,
  entities: entitiesCommand,
  models: modelsCommand,
  grade: gradeCommand,
  repair: repairCommand,
  monitor: monitorCommand,
  import: importCommand,
  export: exportCommand,
  report: reportCommand,
  sample: sampleCommand,
  audit: auditCommand,
  backup: backupCommand,
  check: checkCommand,
  restore: restoreCommand,
  users: usersCommand,
  server: serverCommand,
};

const HELP = [
  'CreditDesk 信用分级分类监管工作台 — 命令行',
  '',
  `  ${initUsage}`,
  `  ${demoUsage}`,
  `  ${usccUsage}`,
  `  ${entitiesUsage}`,
  `  ${modelsUsage}`,
  `  ${gradeUsage}`,
  `  ${repairUsage}`,
  `  ${monitorUsage}`,
  `  ${importUsage}`,
  `  ${exportUsage}`,
  `  ${reportUsage}`,
  `  ${sampleUsage}`,
  `  ${auditUsage}`,
  `  ${backupUsage}`,
  `  ${checkUsage}`,
  `  ${restoreUsage}`,
  `  ${usersUsage}`,
  `  ${serverUsage}`,
  '',
  '用户名和密码通过环境变量 CREDITDESK_USER（默认 admin）和 CREDITDESK_PASSWORD 传入。',
].join('\n');

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(`${HELP}\n未指定 --db 时，命令使用本程序自己的数据库：${dbPathIn(defaultDataDir(io.env))}`);
    return name ? EXIT.ok : EXIT.failure;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`未知命令：${name}\n\n${HELP}`);
    return EXIT.failure;
  }
  try {
    return await command(args, io);
  } catch (e) {
    if (e instanceof OutputClosed) return EXIT.ok;
    const { message, exitCode } = describeError(e);
    io.err(`错误：${message}`);
    return exitCode;
  }
}
