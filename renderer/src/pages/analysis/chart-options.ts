/**
 * What each chart of the 统计报表 page draws, and the table its 导出数据 writes, from the analysis
 * answers. Pure functions (no React, no DOM), so the figures on the bars can be checked in unit tests.
 */
import type {
  AnalysisClass,
  AnalysisGrouping,
  Coverage,
  Distribution,
  RiskRanking,
  Trend,
} from '../../../../shared/api/contracts/analysis.ts';
import type { ChartTable } from './chart-export.ts';
import { ABOVE_COUNTY, AT_OR_BELOW_COUNTY, classColor } from './class-colors.ts';
import type { ChartOption } from './echarts.ts';

export type Measure = 'count' | 'share';

export const GROUPING_LABELS: Record<AnalysisGrouping, string> = {
  township: '乡镇（街道）',
  jurisdiction: '管辖单位',
  section: '行业门类',
  kind: '主体类型',
};

/** `C 类（较高风险）`, or `C 类` when the model gives the class no other name. */
export function classText(c: AnalysisClass): string {
  return c.label && c.label !== c.grade ? `${c.grade} 类（${c.label}）` : `${c.grade} 类`;
}

/** A share 0…1 as a percentage with one decimal (`12.3%`); `—` when there is none. */
export function percent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(digits)}%`;
}

const count = (n: number) => n.toLocaleString('zh-CN');

/** A share rounded as the workbook shows it (4 decimals), for the exported tables. */
const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

const AXIS_LABEL = { color: '#343a40', fontSize: 12 };
const TOOLTIP = { confine: true, backgroundColor: 'rgba(255,255,255,0.96)', textStyle: { fontSize: 12 } };

/**
 * An axis tooltip over one bar (or point) per item: `describe` gives the hovered item's lines, joined here.
 * Without a pointer type the axis draws its default line (the trend chart).
 */
function axisTooltip<T>(items: readonly T[], describe: (item: T) => string[], pointer?: 'shadow') {
  return {
    ...TOOLTIP,
    trigger: 'axis' as const,
    ...(pointer ? { axisPointer: { type: pointer } } : {}),
    formatter: (params: unknown) => {
      const first = (params as { dataIndex: number }[])[0];
      const item = first ? items[first.dataIndex] : undefined;
      return item ? describe(item).join('<br/>') : '';
    },
  };
}

/** Tooltip lines are built from our own labels; names typed into imports could carry markup. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Height for a horizontal bar chart of `rows` bars, so each bar stays readable. */
export function barChartHeight(rows: number): number {
  return Math.max(220, Math.min(rows, 40) * 30 + 90);
}

/** Rows of the distribution with at least one graded entity, largest first (as the backend sends them). */
function shownRows(d: Distribution) {
  return d.rows.filter((r) => r.total > 0);
}

export function distributionOption(d: Distribution, measure: Measure): ChartOption {
  const rows = shownRows(d);
  const classes = d.classes;
  return {
    animation: false,
    color: classes.map((_, i) => classColor(i)),
    legend: { top: 0, data: classes.map(classText) },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    tooltip: axisTooltip(
      rows,
      (row) => {
        const lines = classes.map((c, i) => {
          const n = row.counts[c.grade] ?? 0;
          return `<span style="color:${classColor(i)}">●</span> ${escapeHtml(classText(c))}：${count(n)} 户，${percent(ratio(n, row.total))}`;
        });
        return [`<b>${escapeHtml(row.groupLabel)}</b>（共 ${count(row.total)} 户）`, ...lines];
      },
      'shadow',
    ),
    xAxis: {
      type: 'value',
      max: measure === 'share' ? 1 : undefined,
      axisLabel: {
        ...AXIS_LABEL,
        formatter: measure === 'share' ? (v: number) => percent(v, 0) : (v: number) => count(v),
      },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.groupLabel),
      axisLabel: { ...AXIS_LABEL, width: 150, overflow: 'truncate' },
    },
    series: classes.map((c) => ({
      type: 'bar' as const,
      name: classText(c),
      stack: 'classes',
      barMaxWidth: 26,
      data: rows.map((r) => {
        const n = r.counts[c.grade] ?? 0;
        return measure === 'share' ? (ratio(n, r.total) ?? 0) : n;
      }),
      label: {
        show: true,
        color: '#fff',
        fontSize: 11,
        formatter: (p: { value: unknown; dataIndex: number }) => {
          const row = rows[p.dataIndex];
          const n = row?.counts[c.grade] ?? 0;
          if (n === 0) return '';
          return measure === 'share' ? percent(Number(p.value)) : count(n);
        },
      },
      labelLayout: { hideOverlap: true },
    })),
  };
}

export function distributionTable(d: Distribution): ChartTable {
  const rows = [...shownRows(d), d.totals];
  return {
    columns: [
      GROUPING_LABELS[d.by],
      ...d.classes.flatMap((c) => [`${classText(c)}户数`, `${classText(c)}占比`]),
      '合计户数',
    ],
    rows: rows.map((r) => [
      r.groupLabel,
      ...d.classes.flatMap((c) => {
        const n = r.counts[c.grade] ?? 0;
        return [n, ratio(n, r.total)];
      }),
      r.total,
    ]),
  };
}

export function trendOption(t: Trend): ChartOption {
  const classes = t.classes;
  return {
    animation: false,
    color: classes.map((_, i) => classColor(i)),
    legend: { top: 0, data: classes.map(classText) },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    tooltip: axisTooltip(t.points, (point) => {
      const lines = classes.map(
        (c, i) =>
          `<span style="color:${classColor(i)}">●</span> ${escapeHtml(classText(c))}：${percent(point.shares[c.grade])}（${count(point.counts[c.grade] ?? 0)} 户）`,
      );
      return [`<b>基准日 ${point.asOf}</b>（共 ${count(point.total)} 户）`, ...lines];
    }),
    xAxis: { type: 'category', data: t.points.map((p) => p.asOf), axisLabel: AXIS_LABEL },
    yAxis: { type: 'value', min: 0, axisLabel: { ...AXIS_LABEL, formatter: (v: number) => percent(v, 0) } },
    series: classes.map((c) => ({
      type: 'line' as const,
      name: classText(c),
      symbolSize: 8,
      data: t.points.map((p) => p.shares[c.grade] ?? 0),
      label: {
        show: t.points.length <= 8,
        fontSize: 11,
        formatter: (p: { value: unknown }) => percent(Number(p.value)),
      },
      labelLayout: { hideOverlap: true },
    })),
  };
}

export function trendTable(t: Trend): ChartTable {
  return {
    columns: [
      '评价基准日',
      '评价户数',
      ...t.classes.flatMap((c) => [`${classText(c)}户数`, `${classText(c)}占比`]),
    ],
    rows: t.points.map((p) => [
      p.asOf,
      p.total,
      ...t.classes.flatMap((c) => [p.counts[c.grade] ?? 0, p.shares[c.grade] ?? null]),
    ]),
  };
}

export function riskOption(r: RiskRanking): ChartOption {
  const rows = r.rows;
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    tooltip: axisTooltip(
      rows,
      (row) => [
        `<b>${escapeHtml(row.label)}</b>`,
        `高风险（${r.highRiskClasses.join('、')} 类）：${count(row.highRisk)} / ${count(row.total)} 户，${percent(row.share)}`,
        `全县：${percent(r.countyShare)}${row.ratio === null ? '' : `，为全县的 ${row.ratio.toFixed(2)} 倍`}`,
      ],
      'shadow',
    ),
    xAxis: {
      type: 'value',
      min: 0,
      // Room right of the longest bar for its label (share and counts), ending on a whole 5%.
      max: (extent: { max: number }) => Math.ceil(Math.max(extent.max, r.countyShare) * 1.3 * 20) / 20,
      axisLabel: { ...AXIS_LABEL, formatter: (v: number) => percent(v, 0) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((x) => x.label),
      axisLabel: { ...AXIS_LABEL, width: 150, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: '高风险占比',
        barMaxWidth: 22,
        data: rows.map((x) => ({
          value: x.share,
          itemStyle: { color: x.share > r.countyShare ? ABOVE_COUNTY : AT_OR_BELOW_COUNTY },
        })),
        label: {
          show: true,
          position: 'right',
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => {
            const row = rows[p.dataIndex];
            return row ? `${percent(row.share)}（${count(row.highRisk)}/${count(row.total)}）` : '';
          },
        },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#495057', type: 'dashed' },
          label: { formatter: `全县 ${percent(r.countyShare)}`, position: 'start', fontSize: 11 },
          data: [{ xAxis: r.countyShare }],
        },
      },
    ],
  };
}

export function riskTable(r: RiskRanking): ChartTable {
  return {
    columns: [
      '排名',
      GROUPING_LABELS[r.by],
      '户数',
      '高风险户数',
      '高风险占比',
      '全县高风险占比',
      '为全县的倍数',
    ],
    rows: r.rows.map((x, i) => [i + 1, x.label, x.total, x.highRisk, x.share, x.countyShare, x.ratio]),
  };
}

export function coverageOption(c: Coverage): ChartOption {
  const rows = c.rows;
  return {
    animation: false,
    color: ['#1f5fb0', '#adb5bd'],
    legend: { top: 0, data: ['实际抽查比例', '设定抽查比例'] },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: axisTooltip(
      rows,
      (row) => [
        `<b>${escapeHtml(classText(row))}</b>（${count(row.entities)} 户）`,
        `已抽查：${count(row.inspected)} 户，实际比例 ${percent(row.actualRatio, 2)}`,
        `设定比例：${percent(row.profileRatio, 2)}`,
      ],
      'shadow',
    ),
    xAxis: { type: 'category', data: rows.map(classText), axisLabel: AXIS_LABEL },
    yAxis: { type: 'value', min: 0, axisLabel: { ...AXIS_LABEL, formatter: (v: number) => percent(v, 0) } },
    series: [
      {
        type: 'bar',
        name: '实际抽查比例',
        barMaxWidth: 36,
        data: rows.map((r) => r.actualRatio ?? 0),
        label: {
          show: true,
          position: 'top',
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => {
            const row = rows[p.dataIndex];
            return row
              ? `${percent(row.actualRatio, 2)}\n${count(row.inspected)}/${count(row.entities)}`
              : '';
          },
        },
      },
      {
        type: 'bar',
        name: '设定抽查比例',
        barMaxWidth: 36,
        data: rows.map((r) => r.profileRatio ?? 0),
        label: {
          show: true,
          position: 'top',
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => percent(rows[p.dataIndex]?.profileRatio, 2),
        },
      },
    ],
  };
}

export function coverageTable(c: Coverage): ChartTable {
  return {
    columns: ['信用风险类别', '户数', '已抽查户数', '实际抽查比例', '设定抽查比例'],
    rows: c.rows.map((r) => [classText(r), r.entities, r.inspected, r.actualRatio, r.profileRatio]),
  };
}

export function problemRateOption(c: Coverage): ChartOption {
  const rows = c.rows;
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
    tooltip: axisTooltip(
      rows,
      (row) => [
        `<b>${escapeHtml(classText(row))}</b>`,
        `已抽查 ${count(row.inspected)} 户，发现问题 ${count(row.withProblems)} 户`,
        `问题发现率：${percent(row.problemRate)}`,
      ],
      'shadow',
    ),
    xAxis: { type: 'category', data: rows.map(classText), axisLabel: AXIS_LABEL },
    yAxis: { type: 'value', min: 0, axisLabel: { ...AXIS_LABEL, formatter: (v: number) => percent(v, 0) } },
    series: [
      {
        type: 'bar',
        name: '问题发现率',
        barMaxWidth: 40,
        data: rows.map((r, i) => ({ value: r.problemRate ?? 0, itemStyle: { color: classColor(i) } })),
        label: {
          show: true,
          position: 'top',
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => {
            const row = rows[p.dataIndex];
            return row
              ? `${percent(row.problemRate)}\n${count(row.withProblems)}/${count(row.inspected)}`
              : '';
          },
        },
      },
    ],
  };
}

export function problemRateTable(c: Coverage): ChartTable {
  return {
    columns: ['信用风险类别', '已抽查户数', '发现问题户数', '问题发现率'],
    rows: c.rows.map((r) => [classText(r), r.inspected, r.withProblems, r.problemRate]),
  };
}
