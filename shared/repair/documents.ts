/**
 * The written documents of repair and objection handling, as structured text: the page prints them on A4
 * and the .docx writer lays out the same paragraphs, so both say exactly the same thing. Pure.
 *
 * 受理通知书 / 不予受理通知书 (repair or objection), 异议答复书, 信用修复决定书, and the 信用修复告知书 served
 * with a penalty decision ("两书同达", 国办发〔2025〕22号).
 */
import { OBJECTION_OUTCOME_LABELS, type ObjectionOutcome } from '../objections/workflow.ts';
import { REPAIR_ACTION_LABELS, type RepairAction } from './eligibility.ts';

export interface DocumentParty {
  /** The bureau from the county settings, e.g. 示范县市场监督管理局. */
  bureau: string;
  /** The document's 文号, e.g. 示范县市监信修〔2026〕12号. */
  number: string;
  /** The date written under the seal. */
  date: string;
  /** The entity addressed. */
  entityName: string;
  entityCode: string;
}

export interface CreditDocument {
  title: string;
  number: string;
  /** The first line: who it is addressed to, ending with ：. */
  addressee: string;
  paragraphs: string[];
  /** Bottom right: the bureau and the date (the seal goes over them). */
  signature: { bureau: string; date: string };
}

/** 2026-11-05 → 2026年11月5日, as official documents write dates. */
export function chineseDate(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

const REMEDIES =
  '如不服本决定，可以自收到本文书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';

function doc(title: string, p: DocumentParty, paragraphs: string[]): CreditDocument {
  return {
    title,
    number: p.number,
    addressee: `${p.entityName}（统一社会信用代码/注册号：${p.entityCode}）：`,
    paragraphs,
    signature: { bureau: p.bureau, date: chineseDate(p.date) },
  };
}

/** What the letter is about, in the words of the application or objection. */
export interface MatterRef {
  /** 申请 or 异议. */
  kind: 'repair' | 'objection';
  /** The day it was received. */
  receivedOn: string;
  /** The record or result concerned, e.g. “行政处罚（决定书文号 示市监罚〔2025〕8号）”. */
  subject: string;
  action?: RepairAction | null;
}

const what = (m: MatterRef) =>
  m.kind === 'repair'
    ? `关于${m.subject}的${m.action ? REPAIR_ACTION_LABELS[m.action] : '信用修复'}申请`
    : `对${m.subject}提出的异议`;

export function acceptanceNotice(p: DocumentParty, m: MatterRef, decideWithinDays: number): CreditDocument {
  return doc(m.kind === 'repair' ? '信用修复申请受理通知书' : '异议受理通知书', p, [
    `你（单位）于${chineseDate(m.receivedOn)}${what(m)}，经审查，符合受理条件，本机关决定予以受理。`,
    `本机关将自受理之日起${decideWithinDays}个工作日内完成核实并作出决定，届时书面告知。`,
  ]);
}

export function refusalNotice(p: DocumentParty, m: MatterRef, reason: string): CreditDocument {
  return doc(m.kind === 'repair' ? '信用修复申请不予受理通知书' : '异议不予受理通知书', p, [
    `你（单位）于${chineseDate(m.receivedOn)}${what(m)}，经审查，不符合受理条件，本机关决定不予受理。`,
    `理由：${reason.trim()}`,
    REMEDIES,
  ]);
}

export function objectionReply(
  p: DocumentParty,
  m: MatterRef,
  outcome: ObjectionOutcome,
  findings: string,
): CreditDocument {
  const result: Record<ObjectionOutcome, string> = {
    corrected: '异议成立，本机关已对相关信息予以更正，并据此重新进行信用风险分类。',
    withdrawn: '异议成立，本机关已撤回相关信息，停止公示，并据此重新进行信用风险分类。',
    upheld: '异议不成立，相关信息予以维持。',
    unverifiable:
      '经核实，现有材料无法确认相关信息是否准确；相关信息予以保留，并同时记载你（单位）的异议及本机关的核实情况。',
  };
  return doc('异议答复书', p, [
    `你（单位）于${chineseDate(m.receivedOn)}${what(m)}，本机关已依法受理并进行核实。`,
    `核实情况：${findings.trim()}`,
    `核实结论：${OBJECTION_OUTCOME_LABELS[outcome]}。${result[outcome]}`,
    ...(outcome === 'upheld' || outcome === 'unverifiable' ? [REMEDIES] : []),
  ]);
}

export function repairDecision(
  p: DocumentParty,
  m: MatterRef,
  granted: boolean,
  reason: string | null,
): CreditDocument {
  const action = m.action ? REPAIR_ACTION_LABELS[m.action] : '信用修复';
  return doc('信用修复决定书', p, [
    `你（单位）于${chineseDate(m.receivedOn)}${what(m)}，本机关已依法受理并进行核实。`,
    granted
      ? `经核实，符合《市场监督管理信用修复管理办法》规定的条件，本机关决定准予${action}，并将修复结果推送至国家企业信用信息公示系统和“信用中国”网站。`
      : `经核实，不符合《市场监督管理信用修复管理办法》规定的条件，本机关决定不予${action}。理由：${(reason ?? '').trim()}`,
    ...(granted
      ? [
          '你（单位）应当信守承诺；以隐瞒真实情况、弄虚作假等不正当手段取得信用修复的，本机关将撤销修复决定，恢复相关记录。',
        ]
      : []),
    REMEDIES,
  ]);
}

export interface RepairNoticeInput {
  decisionNo: string;
  /** 3 months for 通报批评 or a 较低数额罚款, otherwise 3 years (45号令 Art. 13). */
  publicityMonths: number;
  /** The province's 较低数额罚款 standard, as the bureau writes it. */
  lowFineStandard: string;
  /** 6, or 12 in the food, drug and special-equipment fields; null when early stop is not possible. */
  earliestMonths: number | null;
  channel: string;
}

/** 信用修复告知书, served together with the penalty decision. */
export function repairNotice(p: DocumentParty, n: RepairNoticeInput): CreditDocument {
  const period = n.publicityMonths >= 12 ? `${n.publicityMonths / 12}年` : `${n.publicityMonths}个月`;
  return doc('信用修复告知书', p, [
    `本机关对你（单位）作出的行政处罚决定（${n.decisionNo}）将依法通过国家企业信用信息公示系统公示，公示期为${period}。`,
    `仅受到通报批评或者较低数额罚款的，公示期为三个月，期满自动停止公示，无需申请修复。本省较低数额罚款标准为：${n.lowFineStandard}。`,
    n.publicityMonths <= 3
      ? '该行政处罚公示期满后自动停止公示，无需申请信用修复。'
      : n.earliestMonths === null
        ? '该行政处罚属于不得提前停止公示的情形，公示期满后停止公示。'
        : `自公示之日起满${n.earliestMonths === 12 ? '一年' : '六个月'}后，同时符合下列条件的，可以申请提前停止公示：（一）已经自觉履行行政处罚决定中规定的义务；（二）已经主动消除危害后果和不良社会影响；（三）未因同一类违法行为再次受到市场监督管理部门行政处罚；（四）未在经营异常名录和严重违法失信名单中。`,
    `申请渠道：${n.channel}。申请时应提交信用修复申请书、守信承诺书及履行义务、消除影响的相关材料。`,
  ]);
}
