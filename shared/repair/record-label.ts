/**
 * A credit record in a few words for lists and documents: kind, date and what identifies it, e.g.
 * 行政处罚 2025-08-31 罚款 200,000 元、没收违法所得（示市监罚〔2025〕8号）.
 */
import { RECORD_TYPE_LABELS, type RecordType } from '../domain/records.ts';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

export function recordLabel(type: RecordType, date: string, data: Record<string, unknown>): string {
  const parts = [RECORD_TYPE_LABELS[type], date];
  if (type === 'penalty') {
    const fine = typeof data.fine === 'number' ? `罚款 ${data.fine.toLocaleString('en-US')} 元` : null;
    const kinds = Array.isArray(data.penaltyKinds) ? data.penaltyKinds.map(String) : [];
    // The amount stands in for the word 罚款 rather than beside it (罚款 200,000 元, not 罚款 罚款 …).
    const written = kinds.map((k) => (k === '罚款' && fine ? fine : k));
    if (fine && !kinds.includes('罚款')) written.push(fine);
    if (written.length > 0) parts.push(written.join('、'));
    const no = str(data.decisionNo);
    if (no) return `${parts.join(' ')}（${no}）`;
  } else if (type === 'abnormal_list' || type === 'serious_violation_list') {
    const reason = str(data.reason);
    if (reason) parts.push(reason);
  }
  return parts.join(' ');
}
