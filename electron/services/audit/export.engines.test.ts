/**
 * The audit log's Excel export on both engines (issue 17): on a bureau server the job writes the file
 * into the server's data folder like the other exports. The sheet holds the filtered entries newest
 * first with their Chinese descriptions, the export is itself audited after the snapshot it wrote, and
 * the chain still verifies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { auditFilterSchema } from '../../../shared/api/contracts/audit.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { column, sql } from '../../db/sql.ts';
import { AUDIT_EXPORT_BANNER, AUDIT_EXPORT_HEADERS, exportAudit } from './export.ts';
import { appendAudit } from './log.ts';
import { verifyAudit } from './read.ts';

const admin = { username: 'admin', displayName: '张管理', role: 'admin' } as const;
const officer = { username: 'li', displayName: '李执法', role: 'officer' } as const;

forEachEngine('audit export', (fresh) => {
  it('writes the filtered entries newest first, audits the export after them, and the chain verifies', () => {
    const { db } = fresh();
    appendAudit(db, {
      at: '2026-12-01T01:00:00.000Z',
      actor: 'admin',
      action: 'session.login',
      target: null,
      detail: {},
    });
    appendAudit(db, {
      at: '2026-12-01T02:00:00.000Z',
      actor: 'li',
      action: 'session.login',
      target: null,
      detail: {},
    });
    appendAudit(db, {
      at: '2026-12-01T03:00:00.000Z',
      actor: 'admin',
      action: 'monitoring.run',
      target: '2026-11-30',
      detail: { runId: 1 },
    });
    const t = tempDir();
    try {
      const path = join(t.dir, 'audit.xlsx');
      const filter = auditFilterSchema.parse({ actor: 'admin' });
      const out = exportAudit(db, admin, filter, path, '2026-12-02T01:00:00.000Z');
      expect(out).toEqual({
        fileName: expect.stringMatching(/^操作日志_2026-12-0[12]_内部资料\.xlsx$/),
        rows: 2,
      });
      const sheet = XLSX.read(readFileSync(path)).Sheets.操作日志;
      if (!sheet) throw new Error('no 操作日志 sheet');
      const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
      expect(rows[0]?.[0]).toBe(AUDIT_EXPORT_BANNER);
      expect(rows[1]).toEqual([...AUDIT_EXPORT_HEADERS]);
      // admin's two entries, newest first: the ids of the third and the first.
      expect(rows.slice(2).map((r) => r[0])).toEqual([3, 1]);
      expect(() => exportAudit(db, officer, filter, path, '2026-12-02T01:00:00.000Z')).toThrow(/无权/);
      expect(column<string>(db, sql`SELECT action FROM audit_log ORDER BY id`).at(-1)).toBe('audit.export');
      expect(verifyAudit(db, admin, '2026-12-02T02:00:00.000Z').intact).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});
