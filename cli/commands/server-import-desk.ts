import { parseArgs } from 'node:util';
import { readKeyFile } from '../../electron/db/keyfile.ts';
import { keyFilePathFor } from '../../electron/paths.ts';
import { verifyAuditChain } from '../../electron/services/audit/verify.ts';
import { type MoveProgress, moveDeskToServer } from '../../electron/services/bureau-move/move.ts';
import { refuseWithPendingAudit } from '../../electron/services/bureau-move/refusals.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { type CliIO, EXIT } from '../io.ts';
import { databaseUrl, openServerDatabase } from '../server-database.ts';

export const importDeskUsage =
  'creditdesk server import-desk --db F --database postgres://… [--json]   将单机数据库迁入单位服务器（服务器数据库须为空）';

/** Progress lines: each table when it starts and ends, and every 100,000 rows of a large one. */
const PROGRESS_EVERY = 100_000;

function progressTo(io: CliIO): (p: MoveProgress) => void {
  let table = '';
  let shown = 0;
  return (p) => {
    if (p.table !== table) {
      table = p.table;
      shown = 0;
    }
    if (p.done !== p.total && p.done - shown < PROGRESS_EVERY) return;
    shown = p.done;
    io.err(`迁入 ${p.table}：${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} 行`);
  };
}

/**
 * `server import-desk`: moves the desk database at --db into the empty server database at --database
 * (electron/services/bureau-move/move.ts), as the desk's administrator (CREDITDESK_USER /
 * CREDITDESK_PASSWORD), then verifies the server's audit chain once more after the commit. Refusals
 * (a server already holding a county, another schema version, pending audit entries) change nothing
 * and exit 2. JSON: `{moved: {table: rows}, auditVerified, serverHead: {id, hash, entries},
 * deskHead: {id, hash, entries}}`. Progress and the passwords notice go to stderr.
 */
export async function importDeskCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      database: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const url = databaseUrl(values.database, io);
  const dbPath = dbPathFrom(values.db, io);
  const backend = await openAs(io, dbPath);
  try {
    const deskDatabaseId = readKeyFile(keyFilePathFor(dbPath)).databaseId;
    // Before connecting: the server's migrations would otherwise have run for a move refused anyway.
    refuseWithPendingAudit(dbPath);
    const server = await openServerDatabase(url);
    try {
      const started = performance.now();
      const r = moveDeskToServer({
        desk: backend.db(),
        deskPath: dbPath,
        deskDatabaseId,
        server,
        actor: backend.user(),
        at: backend.now(),
        onProgress: progressTo(io),
      });
      const seconds = (performance.now() - started) / 1000;
      // Verified inside the move's transaction too; this reads what the server committed.
      const check = verifyAuditChain(server);
      const rows = Object.values(r.moved).reduce((a, b) => a + b, 0);
      io.err(`共迁入 ${rows.toLocaleString('en-US')} 行，用时 ${seconds.toFixed(1)} 秒。`);
      io.err(
        `单机数据库的用户密码保存在其密钥文件中，服务器上无法使用：请服务器管理员为以下每位用户设置服务器密码（creditdesk server set-password）后再登录：${r.users.join('、') || '（无）'}`,
      );
      if (values.json) {
        io.out(
          JSON.stringify({
            moved: r.moved,
            auditVerified: check.intact,
            serverHead: r.serverHead,
            deskHead: r.deskHead,
          }),
        );
      } else {
        io.out(
          `已迁入单位服务器：市场主体 ${(r.moved.entities ?? 0).toLocaleString('en-US')} 户，信用记录 ${(r.moved.records ?? 0).toLocaleString('en-US')} 条，操作日志 ${(r.moved.audit_log ?? 0).toLocaleString('en-US')} 条（共 ${Object.keys(r.moved).length} 张表）。`,
        );
        io.out(`单机数据库的链尾：第 ${r.deskHead.id} 条 ${r.deskHead.hash}（已记入迁入记录）`);
        io.out(
          check.intact
            ? `服务器操作日志校验：完整，共 ${check.entries} 条，链尾第 ${r.serverHead.id} 条 ${check.headHash}`
            : `服务器操作日志校验未通过：${check.firstBroken?.message}`,
        );
      }
      return check.intact ? EXIT.ok : EXIT.problems;
    } finally {
      server.close();
    }
  } finally {
    backend.close();
  }
}
