/** The county profile the database was set up for (name, code, townships …). */
import { type CountyProfile, countyProfileSchema } from '../../../shared/domain/county.ts';
import type { DataDoor } from '../../db/sql.ts';
import { readSetting, writeSetting } from './repository.ts';

export function getCounty(db: DataDoor): CountyProfile | null {
  const parsed = countyProfileSchema.safeParse(readSetting(db, 'county'));
  return parsed.success ? parsed.data : null;
}

export function setCounty(db: DataDoor, county: CountyProfile): void {
  writeSetting(db, 'county', countyProfileSchema.parse(county));
}
