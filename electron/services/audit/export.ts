/**
 * The filtered audit log as an .xlsx, with the same Chinese descriptions as the screen. The log names
 * users, entities and what officers did: internal data, so the sheet carries the 内部资料 banner like
 * the other internal export (grading results). The export itself is audited — data leaves the system.
 */
import { rmSync } from 'node:fs';
import type { AuditFilter } from '../../../shared/api/contracts/audit.ts';
import { formatLocalTime } from '../../../shared/audit/local-time.ts';
import { appendAudit } from './log.ts';
import { type Actor, authorize } from '../authz.ts';
import { writeXlsx } from '../exchange/export/xlsx-writer.ts';
import { localIsoDate } from '../../../shared/dates/iso-date.ts';
import { countAudit, describedAuditEntries } from './read.ts';
import { unitOfWork } from './repository.ts';
import { readSnapshot } from '../../db/read-snapshot.ts';
import type { DataDoor } from '../../db/sql.ts';

export const AUDIT_EXPORT_BANNER = '内部资料 · 不对外公开（操作日志仅供本单位内部核查使用，严禁外传）';

export const AUDIT_EXPORT_HEADERS = ['编号', '时间', '用户', '操作', '对象', '说明', '原始记录'] as const;

export function exportAudit(
  db: DataDoor,
  actor: Actor,
  filter: AuditFilter,
  path: string,
  at: string,
  onProgress?: (done: number, total: number) => void,
): { fileName: string; rows: number } {
  authorize(actor, 'audit.read');
  const fileName = `操作日志_${localIsoDate(at)}_内部资料.xlsx`;
  // One consistent snapshot for the file (readSnapshot); the export's own entry is chained after it, in a
  // unit of work of its own, so an officer signing in meanwhile cannot fail a server's snapshot.
  const rows = readSnapshot(db, () => {
    const total = countAudit(db, filter);
    let done = 0;
    let written: number;
    try {
      written = writeXlsx(
        path,
        [
          {
            name: '操作日志',
            banner: AUDIT_EXPORT_BANNER,
            columns: [
              { header: AUDIT_EXPORT_HEADERS[0], width: 8 },
              { header: AUDIT_EXPORT_HEADERS[1], width: 20 },
              { header: AUDIT_EXPORT_HEADERS[2], width: 12 },
              { header: AUDIT_EXPORT_HEADERS[3], width: 18 },
              { header: AUDIT_EXPORT_HEADERS[4], width: 32 },
              { header: AUDIT_EXPORT_HEADERS[5], width: 60 },
              { header: AUDIT_EXPORT_HEADERS[6], width: 40 },
            ],
            rows: (function* () {
              for (const e of describedAuditEntries(db, filter)) {
                yield [
                  e.id,
                  formatLocalTime(e.at),
                  e.actorName,
                  e.actionLabel,
                  e.object,
                  e.summary,
                  Object.keys(e.detail).length ? JSON.stringify(e.detail) : '',
                ];
              }
            })(),
          },
        ],
        () => {
          done++;
          if (done % 500 === 0) onProgress?.(done, total);
        },
      );
    } catch (e) {
      rmSync(path, { force: true });
      throw e;
    }
    return written;
  });
  unitOfWork(db, () =>
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'audit.export',
      target: null,
      detail: { fileName, rows, filter },
    }),
  );
  return { fileName, rows };
}
