/**
 * The bureau server's database for a command: `--database postgres://…` or, so the password in the URL
 * need not appear in the process list, the environment's CREDITDESK_DATABASE_URL. Opened and migrated.
 */
import type { PgDatabase } from '../electron/db/postgres/pg-db.ts';
import { CliError, type CliIO } from './io.ts';

export function databaseUrl(option: string | undefined, io: CliIO): string {
  const url = option ?? io.env.CREDITDESK_DATABASE_URL;
  if (!url) {
    throw new CliError(
      '未指定服务器数据库：请用 --database postgres://用户@主机:端口/库名 或环境变量 CREDITDESK_DATABASE_URL 指定。',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new CliError(
      '服务器数据库地址应以 postgres:// 开头，例如 postgres://creditdesk@localhost:5432/creditdesk。',
    );
  }
  return url;
}

/** The URL without its password, for messages. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '（无法解析的地址）';
  }
}

export async function openServerDatabase(url: string): Promise<PgDatabase> {
  // Loaded on use: the desk's commands never load the PostgreSQL code.
  const { openAndMigratePg } = await import('../electron/db/postgres/pg-db.ts');
  try {
    return openAndMigratePg(url);
  } catch (e) {
    throw new CliError(
      `无法打开服务器数据库 ${shownUrl(url)}：${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
