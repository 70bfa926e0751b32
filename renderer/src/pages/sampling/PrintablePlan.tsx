import { Button, Group, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';
import type { PlanEntry, TaskDetail } from '../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS } from '../../../../shared/domain/entity.ts';
import { PLAN_PRINT } from '../../../../shared/sampling/plan-pages.ts';
import { classText, filterText, formatTime, pct } from './shared.tsx';
import { usePlanPages } from './usePlanPages.ts';

const L = PLAN_PRINT;
const C = L.columnsMm;

/**
 * On screen: sheets on a grey desk. In print: only the sheets, one A4 page each (the rest of the app,
 * Mantine's portals included, is not displayed; nothing is inside a fixed or scrolling box).
 */
const PRINT_CSS = `
@page { size: A4 portrait; margin: 12mm; }
.cd-print-root { position: fixed; inset: 0; z-index: 400; overflow: auto; background: #dee2e6; }
.cd-print-toolbar { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid #ced4da;
  padding: 8px 16px; }
.cd-print-page { width: ${L.pageWidthMm}mm; height: ${L.pageHeightMm}mm; margin: 20mm auto; background: #fff;
  box-shadow: 0 0 0 12mm #fff, 0 0 0 12.3mm #adb5bd; display: flex; flex-direction: column;
  font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; color: #000;
  font-size: 9pt; line-height: 1.35; box-sizing: border-box; }
.cd-print-page * { box-sizing: border-box; }
.cd-print-page header { flex: none; padding-bottom: 2mm; }
.cd-print-page h1 { font-size: 13pt; text-align: center; margin: 0 0 2mm; line-height: 1.3;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.cd-print-page table { border-collapse: collapse; width: 100%; table-layout: fixed; }
.cd-print-page th, .cd-print-page td { border: 0.25mm solid #000; padding: 0.8mm 1.2mm; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }
.cd-print-page th { background: #eee; font-weight: 600; }
.cd-print-page .meta th { width: 30mm; white-space: nowrap; }
.cd-print-page .hex { font-family: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace; font-size: 8pt; }
.cd-print-page .summary { flex: none; padding-top: 2mm; }
.cd-print-page .summary p { margin: 0; }
.cd-print-page .rows thead th { font-size: 8pt;
  white-space: nowrap; }
.cd-print-page .addr { color: #333; }
.cd-print-page .lead { font-weight: 600; }
.cd-print-page .closing { margin-top: 3mm; flex: none; }
.cd-print-page footer { margin-top: auto; height: ${L.footerMm}mm; flex: none; display: flex;
  flex-direction: column; justify-content: flex-end; }
.cd-print-page .sign { display: flex; justify-content: space-between; }
.cd-print-page .page-no { text-align: center; margin-top: 2.5mm; }
@media print {
  html, body { background: #fff !important; height: auto !important; overflow: visible !important; }
  body > *:not(.cd-print-root) { display: none !important; }
  .cd-print-root { position: static !important; overflow: visible !important; background: none !important; }
  .cd-no-print { display: none !important; }
  .cd-print-page { margin: 0 !important; box-shadow: none !important; break-after: page; }
  .cd-print-page:last-child { break-after: auto; }
}
`;

const BLANK = '＿＿＿＿＿＿＿';
const NO_ENTRIES: PlanEntry[] = [];

/**
 * The printable plan (issue 10 item 1): every entity, on as many A4 pages as it takes. Each page
 * repeats the table header, the task's 文号, the digest and the seed (so a witness holding any sheet
 * can re-run the draw with `creditdesk sample verify`), and carries 第 N 页 共 M 页 and signature lines;
 * each row has the entity's address and phone, and space for the inspectors' signatures and date.
 * Shown over the whole window (not in a dialog), so the browser prints the sheets themselves.
 */
export function PrintablePlan({
  detail,
  bureau,
  onClose,
}: {
  detail: TaskDetail;
  bureau: string;
  onClose: () => void;
}) {
  const t = detail.task;
  const plan = detail.plan;
  const summary = useMemo(() => (plan ? summaryLines(detail, bureau) : []), [detail, bureau, plan]);
  const { pages, rootRef } = usePlanPages(plan?.entries ?? NO_ENTRIES, summary);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    // The file name a “save as PDF” suggests.
    const title = document.title;
    document.title = `抽查计划_${t.number}`;
    return () => {
      window.removeEventListener('keydown', onKey);
      document.title = title;
    };
  }, [onClose, t.number]);

  if (!plan) return null;
  const total = pages.length;
  return createPortal(
    <div className="cd-print-root" data-testid="print-preview">
      <style>{PRINT_CSS}</style>
      <Group className="cd-print-toolbar cd-no-print" justify="space-between">
        <div>
          <Text fw={600}>
            打印预览（A4，共 {total} 页，{plan.entries.length} 户）
          </Text>
          <Text size="xs" c="dimmed">
            打印时请选择 A4 纸、纵向，并在“更多设置”中取消“页眉和页脚”。按 Esc 关闭预览。
          </Text>
        </div>
        <Group gap="sm">
          <Button onClick={() => window.print()} data-testid="print-now">
            打印
          </Button>
          <Button variant="default" onClick={onClose} data-testid="print-close">
            关闭
          </Button>
        </Group>
      </Group>
      <div className="cd-print-plan" data-testid="printable-plan" ref={rootRef}>
        {pages.map((rows, i) => (
          <section
            className="cd-print-page"
            // biome-ignore lint/suspicious/noArrayIndexKey: pages are positions, they have no other identity
            key={i}
            data-testid="print-page"
          >
            <PageHeader detail={detail} first={i === 0} />
            {i === 0 ? (
              <div className="summary" data-testid="print-summary">
                {summary.map((line) => (
                  <p key={line}>{line}</p>
                ))}
              </div>
            ) : null}
            {rows.length > 0 ? <RowsTable rows={rows} /> : null}
            {i === total - 1 ? (
              <div className="closing">
                复核方法：持本计划文件与候选名单，运行 <span className="hex">creditdesk sample verify</span>{' '}
                重算，摘要、种子与抽取结果应完全一致。本计划共 {plan.entries.length} 户。
              </div>
            ) : null}
            <footer>
              <div className="sign">
                <span>
                  抽取人（{plan.drawnBy}）签字：{BLANK}
                </span>
                {t.witness ? (
                  <span>
                    监督人（{t.witness}）签字：{BLANK}
                  </span>
                ) : null}
                <span>日期：{BLANK}</span>
              </div>
              <div className="page-no" data-testid="print-page-no">
                第 {i + 1} 页 共 {total} 页
              </div>
            </footer>
          </section>
        ))}
      </div>
    </div>,
    document.body,
  );
}

/** `first`: the first page's digest and seed are the ones tests and readers look up. */
function PageHeader({ detail, first }: { detail: TaskDetail; first: boolean }) {
  const t = detail.task;
  const plan = detail.plan;
  if (!plan) return null;
  return (
    <header>
      <h1>{t.name} 抽查计划</h1>
      <table className="meta">
        <tbody>
          <tr>
            <th>任务文号</th>
            <td>{t.number}</td>
            <th>检查期间</th>
            <td>
              {t.startDate} 至 {t.endDate}
            </td>
          </tr>
          <tr>
            <th>承诺摘要 digest</th>
            <td colSpan={3} className="hex" data-testid={first ? 'print-digest' : 'page-digest'}>
              {plan.digest}
            </td>
          </tr>
          <tr>
            <th>随机种子 seed</th>
            <td colSpan={3} className="hex" data-testid={first ? 'print-seed' : 'page-seed'}>
              {plan.seed}
            </td>
          </tr>
        </tbody>
      </table>
    </header>
  );
}

function RowsTable({ rows }: { rows: PlanEntry[] }) {
  return (
    <table className="rows">
      <colgroup>
        <col style={{ width: `${C.position}mm` }} />
        <col style={{ width: `${C.code}mm` }} />
        <col style={{ width: `${C.entity}mm` }} />
        <col style={{ width: `${C.phone}mm` }} />
        <col style={{ width: `${C.team}mm` }} />
        <col style={{ width: `${C.signature}mm` }} />
        <col style={{ width: `${C.date}mm` }} />
      </colgroup>
      <thead>
        <tr>
          <th>序号</th>
          <th>统一社会信用代码</th>
          <th>市场主体名称 / 住所</th>
          <th>联系电话</th>
          <th>检查人员</th>
          <th>检查人员签字</th>
          <th>日期</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.entityId} data-testid="print-row" data-entity={e.entityId}>
            <td>{e.position}</td>
            <td className="hex">{e.code}</td>
            <td>
              <div>{e.name}</div>
              {e.address ? <div className="addr">{e.address}</div> : null}
            </td>
            <td className="hex">{e.phone ?? ''}</td>
            <td>
              {e.team.length === 0
                ? '未配齐'
                : e.team.map((m, j) => (
                    <div key={m.employeeNo} className={j === 0 ? 'lead' : undefined}>
                      {m.name}
                    </div>
                  ))}
            </td>
            <td />
            <td />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The first page's summary, one string a paragraph (the page layout measures them). */
function summaryLines(detail: TaskDetail, bureau: string): string[] {
  const t = detail.task;
  const plan = detail.plan;
  if (!plan) return [];
  const strata = plan.strata
    .filter((s) => s.k > 0)
    .map((s) => `${ENTITY_KIND_LABELS[s.kind]}${classText(s.class)} ${s.k}/${s.N}（${pct(s.bp)}）`)
    .join('；');
  return [
    `组织单位：${t.organiser ?? bureau}　抽查事项：${t.items.join('、')}`,
    `抽查类型：${t.directed ? `定向（${filterText(t.filter)}）` : '不定向'}　每组检查人员：${t.teamSize} 名（首位为主检）　信用评价批次：${t.gradingRunId === null ? '未使用' : `第 ${t.gradingRunId} 批`}`,
    `抽取：第 ${plan.seq} 次，${formatTime(plan.drawnAt)}（${plan.drawnBy}）　候选 ${plan.candidates} 户，抽中 ${plan.entries.length} 户`,
    `分层：${strata || '无'}`,
  ];
}
