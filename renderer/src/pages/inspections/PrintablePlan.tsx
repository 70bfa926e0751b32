import type { TaskDetail } from '../../../../shared/api/contracts/sampling.ts';
import { ENTITY_KIND_LABELS } from '../../../../shared/domain/entity.ts';
import { classText, filterText, pct, formatTime } from './shared.tsx';

/** Only the plan is printed, on A4: everything else on the page is hidden while printing. */
const PRINT_CSS = `
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body * { visibility: hidden !important; }
  .cd-print-plan, .cd-print-plan * { visibility: visible !important; }
  .cd-print-plan { position: absolute; left: 0; top: 0; width: 100%; }
  .cd-no-print { display: none !important; }
}
.cd-print-plan { font-family: "Noto Serif CJK SC", "SimSun", serif; color: #000; background: #fff;
  max-width: 186mm; margin: 0 auto; padding: 8mm 0; font-size: 10.5pt; line-height: 1.5; }
.cd-print-plan h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
.cd-print-plan table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
.cd-print-plan th, .cd-print-plan td { border: 0.3mm solid #000; padding: 1mm 1.5mm; vertical-align: top; }
.cd-print-plan th { background: #eee; }
.cd-print-plan .hex { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; word-break: break-all; }
.cd-print-plan .sign { display: flex; justify-content: space-between; margin-top: 10mm; }
`;

/**
 * The printable plan: task, strata, the commitment digest and the seed (so a witness can re-run the
 * draw with `creditdesk sample verify`), and every entity with its team. No personal data.
 */
export function PrintablePlan({ detail, bureau }: { detail: TaskDetail; bureau: string }) {
  const t = detail.task;
  const plan = detail.plan;
  if (!plan) return null;
  return (
    <div className="cd-print-plan" data-testid="printable-plan">
      <style>{PRINT_CSS}</style>
      <h1>{t.name} 抽查计划</h1>
      <table>
        <tbody>
          <tr>
            <th style={{ width: '22%' }}>任务文号</th>
            <td>{t.number}</td>
            <th style={{ width: '18%' }}>组织单位</th>
            <td>{t.organiser ?? bureau}</td>
          </tr>
          <tr>
            <th>抽查事项</th>
            <td>{t.items.join('、')}</td>
            <th>抽查类型</th>
            <td>{t.directed ? `定向（${filterText(t.filter)}）` : '不定向'}</td>
          </tr>
          <tr>
            <th>检查期间</th>
            <td>
              {t.startDate} 至 {t.endDate}
            </td>
            <th>每组人数</th>
            <td>{t.teamSize} 名</td>
          </tr>
          <tr>
            <th>信用评价批次</th>
            <td>{t.gradingRunId === null ? '未使用' : `第 ${t.gradingRunId} 批`}</td>
            <th>抽取</th>
            <td>
              第 {plan.seq} 次，{formatTime(plan.drawnAt)}（{plan.drawnBy}）
            </td>
          </tr>
          <tr>
            <th>承诺摘要 digest</th>
            <td colSpan={3} className="hex" data-testid="print-digest">
              {plan.digest}
            </td>
          </tr>
          <tr>
            <th>随机种子 seed</th>
            <td colSpan={3} className="hex" data-testid="print-seed">
              {plan.seed}
            </td>
          </tr>
        </tbody>
      </table>
      <div>
        候选 {plan.candidates} 户，抽中 {plan.entries.length} 户。分层：
        {plan.strata
          .filter((s) => s.k > 0)
          .map((s) => `${ENTITY_KIND_LABELS[s.kind]}${classText(s.class)} ${s.k}/${s.N}（${pct(s.bp)}）`)
          .join('；')}
      </div>
      <table>
        <thead>
          <tr>
            <th>序号</th>
            <th>统一社会信用代码/注册号</th>
            <th>市场主体名称</th>
            <th>主检</th>
            <th>检查人员</th>
          </tr>
        </thead>
        <tbody>
          {plan.entries.map((e) => (
            <tr key={e.entityId}>
              <td>{e.position}</td>
              <td className="hex">{e.code}</td>
              <td>{e.name}</td>
              <td>{e.team[0]?.name ?? '未配齐'}</td>
              <td>
                {e.team
                  .slice(1)
                  .map((m) => m.name)
                  .join('、')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        复核方法：持本计划文件与候选名单，运行 <span className="hex">creditdesk sample verify</span>{' '}
        重算，摘要、种子与抽取结果应完全一致。
      </div>
      <div className="sign">
        <span>抽取人：{plan.drawnBy}</span>
        <span>监督人：{t.witness ?? '＿＿＿＿＿＿'}</span>
        <span>日期：＿＿＿＿＿＿</span>
      </div>
    </div>
  );
}
