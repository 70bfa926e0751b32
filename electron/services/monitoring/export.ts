/**
 * 预警清单 as Excel: the warnings of the page's filter, one row each, through the exchange's streaming
 * xlsx writer. Exports are where data leaves the system: officers and up (exchange.export), audited.
 */
import { WARNING_STATUS_LABELS, type WarningFilter } from '../../../shared/api/contracts/monitoring.ts';
import { MONITORING_RULE_LABELS } from '../../../shared/monitoring/rules.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { writeXlsx } from '../exchange/export/xlsx-writer.ts';
import { warningQuery } from './reads.ts';
import { countWarnings, listWarnings } from './repository/warnings.ts';
import type { DataDoor } from '../../db/sql.ts';

const SUBJECT_LABELS = { address: '地址', person: '负责人', entity: '市场主体' } as const;
const PAGE = 1000;

export function exportWarnings(
  db: DataDoor,
  actor: Actor,
  filter: WarningFilter,
  path: string,
  at: string,
  today: string,
): { fileName: string; rows: number } {
  authorize(actor, 'monitoring.read');
  authorize(actor, 'exchange.export');
  const q = warningQuery(filter);
  const total = countWarnings(db, q);
  function* rows() {
    let n = 0;
    for (let offset = 0; offset < total; offset += PAGE) {
      for (const w of listWarnings(db, q, offset, PAGE)) {
        const entities = JSON.parse(w.entities) as string[];
        yield [
          ++n,
          MONITORING_RULE_LABELS[w.rule],
          w.level,
          w.action,
          SUBJECT_LABELS[w.subject_type],
          w.subject_display,
          entities.length,
          entities.join('、'),
          (JSON.parse(w.townships) as string[]).join('、'),
          (JSON.parse(w.evidence) as string[]).join('；'),
          WARNING_STATUS_LABELS[w.status],
          w.disposed_action ?? '',
          w.first_seen_at.slice(0, 10),
          w.last_seen_at.slice(0, 10),
        ];
      }
    }
  }
  const fileName = `监测预警清单_${today}.xlsx`;
  const written = writeXlsx(path, [
    {
      name: '监测预警',
      banner: '内部资料 · 不对外公开',
      columns: [
        { header: '序号', width: 8 },
        { header: '预警规则', width: 22 },
        { header: '等级', width: 8 },
        { header: '建议措施', width: 10 },
        { header: '对象类型', width: 10 },
        { header: '对象', width: 36 },
        { header: '主体数', width: 8 },
        { header: '统一社会信用代码', width: 40, text: true },
        { header: '乡镇（街道）', width: 16 },
        { header: '说明', width: 60 },
        { header: '状态', width: 10 },
        { header: '处置措施', width: 10 },
        { header: '首次发现', width: 12, text: true },
        { header: '最近发现', width: 12, text: true },
      ],
      rows: rows(),
    },
  ]);
  appendAudit(db, {
    at,
    actor: actor.username,
    action: 'monitoring.export',
    target: fileName,
    detail: { ...filter, rows: written },
  });
  return { fileName, rows: written };
}
