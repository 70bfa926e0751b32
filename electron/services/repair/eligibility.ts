/** What repair applies to each record of one entity today, with the records under objection marked. */
import type { RecordEligibilityView } from '../../../shared/api/contracts/repair.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { repairEligibility } from '../../../shared/repair/eligibility.ts';
import { recordLabel } from '../../../shared/repair/record-label.ts';
import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { readCreditFile } from '../grading/repository/credit-files.ts';
import { disputedRecordIds } from './repository.ts';
import { readRepairSettings } from './settings.ts';

export function entityEligibility(db: DataDoor, entityId: number, today: string): RecordEligibilityView[] {
  const file = readCreditFile(db, entityId);
  if (!file) throw new ApiError('not_found', '找不到该市场主体。');
  const s = readRepairSettings(db);
  const result = repairEligibility(file, today, {
    lowFineOrganisation: s.lowFineOrganisation,
    lowFineIndividual: s.lowFineIndividual,
  });
  const disputed = disputedRecordIds(db, entityId);
  return result.records.map((r) => {
    const rec = file.records[r.index];
    const recordId = typeof rec?.id === 'number' ? rec.id : null;
    const { id: _id, type: _type, date: _date, ...data } = (rec ?? {}) as Record<string, unknown>;
    return {
      ...r,
      recordId,
      date: rec?.date ?? '',
      label: rec ? recordLabel(rec.type, rec.date, data) : '',
      disputed: recordId !== null && disputed.has(recordId),
    };
  });
}

export function eligibilityForEntity(db: DataDoor, actor: Actor, entityId: number, today: string) {
  authorize(actor, 'repair.read');
  return { asOf: today, records: entityEligibility(db, entityId, today) };
}
