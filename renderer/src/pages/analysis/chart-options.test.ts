import { describe, expect, it } from 'vitest';
import type { Coverage, Distribution, RiskRanking } from '../../../../shared/api/contracts/analysis.ts';
import { exportFileName, neutralizeCell } from './chart-export.ts';
import {
  classText,
  coverageTable,
  distributionOption,
  distributionTable,
  percent,
  riskOption,
} from './chart-options.ts';
import { classLink, groupLink } from './entity-links.ts';

const run = {
  id: 7,
  modelId: 'samr-risk',
  modelVersion: '1',
  modelName: '企业信用风险分类',
  asOf: '2026-10-31',
  entityCount: 60,
};
const classes = [
  { grade: 'A', label: '低风险' },
  { grade: 'B', label: '一般风险' },
  { grade: 'C', label: '较高风险' },
  { grade: 'D', label: '高风险' },
];

function group(group: string, groupLabel: string, counts: Record<string, number>) {
  return { group, groupLabel, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

const distribution: Distribution = {
  run,
  by: 'township',
  classes,
  rows: [
    group('城关镇', '城关镇', { A: 10, B: 20, C: 6, D: 4 }),
    group('河口镇', '河口镇', { A: 5, B: 10, C: 3 }),
    group('空镇', '空镇', {}),
    group('', '未填写', { B: 2 }),
  ],
  totals: group('', '合计', { A: 15, B: 32, C: 9, D: 4 }),
};

type BarSeries = { name: string; data: number[] };

describe('the distribution chart', () => {
  it('stacks one series per class over the groups with entities, counts or shares of each group', () => {
    const counts = distributionOption(distribution, 'count');
    const series = counts.series as BarSeries[];
    expect(series.map((s) => s.name)).toEqual([
      'A 类（低风险）',
      'B 类（一般风险）',
      'C 类（较高风险）',
      'D 类（高风险）',
    ]);
    expect((counts.yAxis as { data: string[] }).data).toEqual(['城关镇', '河口镇', '未填写']);
    expect(series[2]?.data).toEqual([6, 3, 0]);
    const shares = distributionOption(distribution, 'share').series as BarSeries[];
    expect(shares[2]?.data).toEqual([0.15, 0.1667, 0]);
    // Each group's shares add up to the whole bar.
    for (let g = 0; g < 3; g++)
      expect(shares.reduce((sum, s) => sum + (s.data[g] ?? 0), 0)).toBeCloseTo(1, 3);
  });

  it('exports every group with entities and the total, each class as count and share', () => {
    const t = distributionTable(distribution);
    expect(t.columns.slice(0, 3)).toEqual(['乡镇（街道）', 'A 类（低风险）户数', 'A 类（低风险）占比']);
    expect(t.rows.map((r) => r[0])).toEqual(['城关镇', '河口镇', '未填写', '合计']);
    expect(t.rows[0]).toEqual(['城关镇', 10, 0.25, 20, 0.5, 6, 0.15, 4, 0.1, 40]);
    expect(t.rows[1]?.slice(-3)).toEqual([0, 0, 18]);
  });
});

describe('the high-risk ranking', () => {
  const ranking: RiskRanking = {
    run,
    by: 'section',
    highRiskClasses: ['C', 'D'],
    minGroupSize: 30,
    countyTotal: 200,
    countyHighRisk: 30,
    countyShare: 0.15,
    rows: [
      {
        group: 'H',
        label: 'H 住宿和餐饮业',
        total: 40,
        highRisk: 12,
        share: 0.3,
        countyShare: 0.15,
        ratio: 2,
      },
      {
        group: 'F',
        label: 'F 批发和零售业',
        total: 100,
        highRisk: 10,
        share: 0.1,
        countyShare: 0.15,
        ratio: 0.67,
      },
    ],
    excludedGroups: 2,
    excludedEntities: 9,
  };

  it('colours groups above the county share and draws the county share as a line', () => {
    const series = (
      riskOption(ranking).series as {
        data: { itemStyle: { color: string } }[];
        markLine: { data: { xAxis: number }[] };
      }[]
    )[0];
    const [above, below] = series?.data.map((d) => d.itemStyle.color) ?? [];
    expect(above).not.toBe(below);
    expect(series?.markLine.data[0]?.xAxis).toBe(0.15);
  });
});

describe('the coverage table', () => {
  it('lists each class with its actual and profile ratio', () => {
    const coverage: Coverage = {
      run,
      from: '2026-01-01',
      to: '2026-12-31',
      profile: null,
      monotone: false,
      rows: classes.map((c, i) => ({
        ...c,
        entities: 10,
        inspected: i,
        actualRatio: i / 10,
        profileRatio: null,
        withProblems: 0,
        problemRate: i === 0 ? null : 0,
      })),
    };
    expect(coverageTable(coverage).rows[3]).toEqual(['D 类（高风险）', 10, 3, 0.3, null]);
  });
});

describe('chart links to the entity list', () => {
  it('opens a group of a class, or nothing for entities with the field not recorded', () => {
    expect(groupLink('township', '城关镇', 7, ['C'])).toMatchObject({
      township: '城关镇',
      run: { runId: 7, classes: ['C'] },
    });
    expect(groupLink('jurisdiction', '城关所', 7, ['C', 'D'])).toMatchObject({ jurisdiction: '城关所' });
    expect(groupLink('section', 'F', 7, ['A'])).toMatchObject({ section: 'F' });
    expect(groupLink('kind', 'individual', 7, ['A'])).toMatchObject({ kind: 'individual' });
    expect(groupLink('township', '', 7, ['A'])).toBeNull();
    expect(groupLink('kind', 'bank', 7, ['A'])).toBeNull();
    expect(classLink(7, ['D'])).toMatchObject({ township: null, run: { runId: 7, classes: ['D'] } });
  });
});

describe('export names and cells', () => {
  it('names files in Chinese without characters a file system refuses', () => {
    expect(exportFileName('分类分布（按乡镇（街道））', '企业信用风险分类_2026-10-31', 'png')).toBe(
      '分类分布（按乡镇（街道））_企业信用风险分类_2026-10-31.png',
    );
    expect(exportFileName('a/b:c', '', 'xlsx')).toBe('a－b－c.xlsx');
  });

  it('keeps a spreadsheet from running a group name as a formula', () => {
    expect(neutralizeCell('=1+1')).toBe("'=1+1");
    expect(neutralizeCell('城关镇')).toBe('城关镇');
    expect(neutralizeCell(-3)).toBe(-3);
  });

  it('formats classes and shares', () => {
    expect(classText({ grade: 'C', label: 'C' })).toBe('C 类');
    expect(percent(0.1234)).toBe('12.3%');
    expect(percent(null)).toBe('—');
  });
});
