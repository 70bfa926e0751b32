import { describeError } from './credentials.ts';
import { demoCommand, usage as demoUsage } from './commands/demo.ts';
import { entitiesCommand, usage as entitiesUsage } from './commands/entities.ts';
import { initCommand, usage as initUsage } from './commands/init.ts';
import { usccCommand, usage as usccUsage } from './commands/uscc.ts';
import { type CliIO, EXIT, processIO } from './io.ts';

type Command = (args: string[], io: CliIO) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  init: initCommand,
  demo: demoCommand,
  uscc: usccCommand,
  entities: entitiesCommand,
};

const HELP = [
  'CreditDesk 信用分级分类监管工作台 — 命令行',
  '',
  `  ${initUsage}`,
  `  ${demoUsage}`,
  `  ${usccUsage}`,
  `  ${entitiesUsage}`,
  '',
  '用户名和密码通过环境变量 CREDITDESK_USER（默认 admin）和 CREDITDESK_PASSWORD 传入。',
].join('\n');

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(HELP);
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
    const { message, exitCode } = describeError(e);
    io.err(`错误：${message}`);
    return exitCode;
  }
}
