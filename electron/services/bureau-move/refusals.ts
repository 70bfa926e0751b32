/**
 * When a desk may not move into a server, said before anything is written (so every refusal leaves the
 * server untouched) and in words the bureau's administrator can act on.
 *
 * One server database holds one county (SPEC §1): its settings have one county profile, its audit trail
 * is one linear chain from entry 1, and moved rows keep their ids. A second desk — of the same county or
 * another — cannot join those without renumbering its rows and re-hashing its chain, which would break
 * what the move promises (the desk's chain continues unchanged). So a server that already holds
 * entities, accounts or audit entries is refused; a prefecture city keeps one database per county on
 * its PostgreSQL server (CREATE DATABASE), and the refusal says so, naming both counties.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import type { CountyProfile } from '../../../shared/domain/county.ts';
import type { Db } from '../../db/open.ts';
import type { PgDb } from '../../db/sql.ts';
import { deferredAuditWaiting } from '../audit/deferred.ts';
import { auditEntryWithDetail } from '../audit/log.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { getCounty } from '../settings/county.ts';
import { deskSchemaVersion } from './repository/desk.ts';
import { serverHoldings, serverSchemaVersion } from './repository/server.ts';

/** The move's audit action (move.ts writes it as a literal, where the actions test scans for codes). */
const MOVE_ACTION = 'server.import-desk';

const refuse = (message: string) => new ApiError('conflict', `${message}服务器未作任何改动。`);

/** Entries a session could not write yet wait beside the desk's file; moved without them they would be lost. */
export function refuseWithPendingAudit(deskPath: string): void {
  if (deferredAuditWaiting(deskPath)) {
    throw refuse(
      '单机数据库还有暂存的操作日志记录尚未写入日志链（当时另一程序正在写入）。请先在这台电脑上用 CreditDesk 登录该数据库一次（登录时会补记这些记录），再迁入。',
    );
  }
}

/** Both sides must be at the same migration: the copy maps tables one to one. */
export function refuseOtherSchemaVersion(desk: Db, server: PgDb): void {
  const d = deskSchemaVersion(desk);
  const s = serverSchemaVersion(server);
  if (d === s) return;
  throw refuse(
    d < s
      ? `单机数据库的结构版本（第 ${d} 版）低于服务器（第 ${s} 版）：请先用与服务器相同版本的 CreditDesk 打开单机数据库一次以升级。`
      : `服务器数据库的结构版本（第 ${s} 版）低于单机数据库（第 ${d} 版）：请先升级服务器上的 CreditDesk 并连接一次以升级服务器数据库。`,
  );
}

/** A desk whose own chain is broken would hand the server a chain that never verifies. */
export function refuseBrokenDeskChain(desk: Db): void {
  const r = verifyAuditChain(desk);
  if (!r.intact) {
    throw refuse(
      `单机数据库的操作日志校验未通过（${r.firstBroken?.message ?? '链不完整'}），不能迁入：请先查明原因（可从备份恢复）。`,
    );
  }
}

const countyName = (c: CountyProfile | null) =>
  c ? `${c.name}（行政区划代码 ${c.regionCode}）` : '未设置县区概况';

/** The server must hold no county's data yet; see the module's comment for why even another county's refuses. */
export function refuseOccupiedServer(desk: Db, server: PgDb, deskDatabaseId: string): void {
  const held = serverHoldings(server);
  if (held.entities === 0 && held.users === 0 && held.auditEntries === 0) return;
  const what = `市场主体 ${held.entities} 户、用户 ${held.users} 个、操作日志 ${held.auditEntries} 条`;
  if (held.auditEntries > 0 && auditEntryWithDetail(server, MOVE_ACTION, 'deskDatabaseId', deskDatabaseId)) {
    throw refuse(`该单机数据库此前已迁入过这个服务器数据库（现有${what}），不能重复迁入。`);
  }
  const deskCounty = getCounty(desk);
  const serverCounty = getCounty(server);
  if (serverCounty && deskCounty && serverCounty.regionCode === deskCounty.regionCode) {
    throw refuse(
      `服务器数据库已有${countyName(serverCounty)}的数据（${what}），与单机数据库属于同一县区，不能再迁入。`,
    );
  }
  throw refuse(
    `服务器数据库已有数据（${what}），属于${countyName(serverCounty)}；单机数据库属于${countyName(deskCounty)}。一个服务器数据库只保存一个县区（一份县区概况、一条操作日志链），请在数据库服务器上为该县区另建一个数据库（CREATE DATABASE），再迁入到新数据库。`,
  );
}
