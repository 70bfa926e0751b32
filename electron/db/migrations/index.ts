import type { Migration } from '../migrate.ts';
import { m001Initial } from './001_initial.ts';

/** In order; a released migration is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [m001Initial];
