/**
 * A credit record in a few words for lists and documents: kind, date and what identifies it, e.g.
 * 行政处罚 2025-08-31 罚款、没收违法所得 罚款 200,000 元（示市监罚〔2025〕8号）.
 */
import { RECORD_TYPE_LABELS, type RecordType } from '../domain/records.ts';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export function recordLabel(type: RecordType, date: string, data: Record<string, unknown>): string {
  const parts = [RECORD_TYPE_LABELS[type], date];
  if (type === 'penalty') {
    if (Array.isArray(data.penaltyKinds)) parts.push(data.penaltyKinds.join('、'));
    if (typeof data.fine === 'number') parts.push(`罚款 ${data.fine.toLocaleString('en-US')} 元`);
    const no = str(data.decisionNo);
    if (no) return `${parts.join(' ')}（${no}）`;
  } else if (type === 'abnormal_list' || type === 'serious_violation_list') {
    const reason = str(data.reason);
    if (reason) parts.push(reason);
  }
  return parts.join(' ');
}
