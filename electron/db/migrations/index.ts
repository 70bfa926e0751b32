import type { Migration } from '../migrate.ts';
import { m001Initial } from './001_initial.ts';
import { m002NameCharIndex } from './002_name_char_index.ts';
import { m003Grading } from './003_grading.ts';
import { m004Exchange } from './004_exchange.ts';
import { m005Sampling } from './005_sampling.ts';
import { m006Security } from './006_security.ts';
import { m007AnnualReportCoverage } from './007_annual_report_coverage.ts';
import { m008RepairObjections } from './008_repair_objections.ts';
import { m009Monitoring } from './009_monitoring.ts';
import { m010Analysis } from './010_analysis.ts';
import { m011MonitoringIndexes } from './011_monitoring_indexes.ts';
import { m012DrawIndexes } from './012_draw_indexes.ts';
import { m013ForeignKeyIndexes } from './013_foreign_key_indexes.ts';
import { m014BreakdownTexts } from './014_breakdown_texts.ts';
import { m015ServerSignIn } from './015_server_sign_in.ts';
import { m016RowVersions } from './016_row_versions.ts';
import { m017UserJurisdiction } from './017_user_jurisdiction.ts';
import { m018NameCharSet } from './018_name_char_set.ts';
import { m019EntityCounts } from './019_entity_counts.ts';
import { m020EntityCountIndex } from './020_entity_count_index.ts';

/** In order; a released migration is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [
  m001Initial,
  m002NameCharIndex,
  m003Grading,
  m004Exchange,
  m005Sampling,
  m006Security,
  m007AnnualReportCoverage,
  m008RepairObjections,
  m009Monitoring,
  m010Analysis,
  m011MonitoringIndexes,
  m012DrawIndexes,
  m013ForeignKeyIndexes,
  m014BreakdownTexts,
  m015ServerSignIn,
  m016RowVersions,
  m017UserJurisdiction,
  m018NameCharSet,
  m019EntityCounts,
  m020EntityCountIndex,
];
