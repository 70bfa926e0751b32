import type { Migration } from '../migrate.ts';
import { m001Initial } from './001_initial.ts';
import { m002NameCharIndex } from './002_name_char_index.ts';

/** In order; a released migration is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002NameCharIndex];
