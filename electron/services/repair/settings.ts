/** The settings of 异议与修复: working-day limits, the province's 较低数额罚款, the channel, the 文号 prefix. */
import type { RepairSettings } from '../../../shared/api/contracts/repair.ts';
import { repairSettingsSchema } from '../../../shared/api/contracts/repair.ts';
import { DEFAULT_OBJECTION_DEADLINES } from '../../../shared/objections/workflow.ts';
import { DEFAULT_REPAIR_DEADLINES } from '../../../shared/repair/workflow.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { getCounty } from '../settings/county.ts';
import { readSetting, writeSetting } from '../settings/repository.ts';
import { unitOfWork } from './repository.ts';

const KEY = 'repair';

function defaults(db: DataDoor): RepairSettings {
  const county = getCounty(db);
  return {
    repair: { ...DEFAULT_REPAIR_DEADLINES },
    objection: { ...DEFAULT_OBJECTION_DEADLINES },
    lowFineOrganisation: 100_000,
    lowFineIndividual: 10_000,
    channel: '市场监管信用修复全国统一平台（shiming.gsxt.gov.cn）或本局窗口',
    numberPrefix: `${county?.name ?? ''}市监信修`,
  };
}

/** The stored settings, each missing or invalid part filled from the defaults. */
export function readRepairSettings(db: DataDoor): RepairSettings {
  const base = defaults(db);
  const parsed = repairSettingsSchema.safeParse({ ...base, ...(readSetting(db, KEY) as object | undefined) });
  return parsed.success ? parsed.data : base;
}

export function writeRepairSettings(
  db: DataDoor,
  actor: Actor,
  s: RepairSettings,
  at: string,
): RepairSettings {
  authorize(actor, 'settings.manage');
  const value = repairSettingsSchema.parse(s);
  unitOfWork(db, () => {
    writeSetting(db, KEY, value);
    appendAudit(db, { at, actor: actor.username, action: 'repair.settings', target: null, detail: value });
  });
  return value;
}
