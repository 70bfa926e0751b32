import { describe, expect, it } from 'vitest';
import {
  acceptanceNotice,
  chineseDate,
  objectionReply,
  refusalNotice,
  repairDecision,
  repairNotice,
} from './documents.ts';

const party = {
  bureau: '示范县市场监督管理局',
  number: '示范县市监信修〔2026〕12号',
  date: '2026-11-05',
  entityName: '示范县某某食品有限公司',
  entityCode: '91410422MA00000001',
};
const penalty = {
  kind: 'repair' as const,
  receivedOn: '2026-11-02',
  subject: '行政处罚（示市监罚〔2025〕8号）',
  action: 'stop_publicity' as const,
};

describe('repair and objection documents', () => {
  it('writes dates as official documents do', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
  });

  it('an acceptance notice names the matter, the day it came in and the time limit', () => {
    const d = acceptanceNotice(party, penalty, 15);
    expect(d.title).toBe('信用修复申请受理通知书');
    expect(d.addressee).toBe('示范县某某食品有限公司（统一社会信用代码/注册号：91410422MA00000001）：');
    expect(d.paragraphs[0]).toBe(
      '你（单位）于2026年11月2日关于行政处罚（示市监罚〔2025〕8号）的提前停止公示行政处罚信息申请，经审查，符合受理条件，本机关决定予以受理。',
    );
    expect(d.paragraphs[1]).toContain('15个工作日内');
    expect(d.signature).toEqual({ bureau: '示范县市场监督管理局', date: '2026年11月5日' });
  });

  it('refusals and unfavourable answers give the reason and the remedies; favourable ones do not need remedies', () => {
    const refusal = refusalNotice(party, { ...penalty, kind: 'objection' }, '异议事项不属于本机关职责范围');
    expect(refusal.title).toBe('异议不予受理通知书');
    expect(refusal.paragraphs).toContain('理由：异议事项不属于本机关职责范围');
    expect(refusal.paragraphs.at(-1)).toMatch(/六十日内.*行政复议.*六个月内.*行政诉讼/);
    const corrected = objectionReply(
      party,
      { ...penalty, kind: 'objection' },
      'corrected',
      '决定书文号录入有误',
    );
    expect(corrected.paragraphs[2]).toMatch(/^核实结论：更正。异议成立.*重新进行信用风险分类/);
    expect(corrected.paragraphs.some((x) => x.includes('行政复议'))).toBe(false);
    const unverifiable = objectionReply(
      party,
      { ...penalty, kind: 'objection' },
      'unverifiable',
      '双方均无书证',
    );
    expect(unverifiable.paragraphs[2]).toContain('同时记载你（单位）的异议及本机关的核实情况');
  });

  it('a repair decision says granted or refused with its reason', () => {
    expect(repairDecision(party, penalty, true, null).paragraphs[1]).toContain(
      '决定准予提前停止公示行政处罚信息',
    );
    expect(repairDecision(party, penalty, false, '罚款尚未缴清').paragraphs[1]).toMatch(
      /不予提前停止公示行政处罚信息。理由：罚款尚未缴清$/,
    );
  });

  it('the notice served with a penalty decision states period, the low-fine standard and when to apply', () => {
    const n = repairNotice(party, {
      decisionNo: '示市监罚〔2026〕3号',
      publicityMonths: 36,
      lowFineStandard: '自然人1万元以下、法人或其他组织10万元以下（不含本数）',
      earliestMonths: 12,
      channel: '市场监管信用修复全国统一平台或本机关窗口',
    });
    expect(n.title).toBe('信用修复告知书');
    expect(n.paragraphs[0]).toContain('公示期为3年');
    expect(n.paragraphs[1]).toContain('10万元以下（不含本数）');
    expect(n.paragraphs[2]).toMatch(/^自公示之日起满一年后/);
    const excluded = repairNotice(party, {
      decisionNo: 'x',
      publicityMonths: 36,
      lowFineStandard: 'y',
      earliestMonths: null,
      channel: 'z',
    });
    expect(excluded.paragraphs[2]).toBe('该行政处罚属于不得提前停止公示的情形，公示期满后停止公示。');
    const light = repairNotice(party, {
      decisionNo: 'x',
      publicityMonths: 3,
      lowFineStandard: 'y',
      earliestMonths: null,
      channel: 'z',
    });
    expect(light.paragraphs[0]).toContain('公示期为3个月');
    expect(light.paragraphs[2]).toBe('该行政处罚公示期满后自动停止公示，无需申请信用修复。');
  });
});
