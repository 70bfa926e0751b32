import type { PgMigration } from '../migration.ts';
import { pg001Initial } from './001_initial.ts';
import { pg002NameCharIndex } from './002_name_char_index.ts';
import { pg003Grading } from './003_grading.ts';
import { pg004Exchange } from './004_exchange.ts';
import { pg005Sampling } from './005_sampling.ts';
import { pg006Security } from './006_security.ts';
import { pg007AnnualReportCoverage } from './007_annual_report_coverage.ts';
import { pg008RepairObjections } from './008_repair_objections.ts';
import { pg009Monitoring } from './009_monitoring.ts';
import { pg010Analysis } from './010_analysis.ts';
import { pg011MonitoringIndexes } from './011_monitoring_indexes.ts';
import { pg012DrawIndexes } from './012_draw_indexes.ts';
import { pg013ForeignKeyIndexes } from './013_foreign_key_indexes.ts';
import { pg014BreakdownTexts } from './014_breakdown_texts.ts';
import { pg015ServerSignIn } from './015_server_sign_in.ts';
import { pg016RowVersions } from './016_row_versions.ts';
import { pg017UserJurisdiction } from './017_user_jurisdiction.ts';
import { pg018NameCharSet } from './018_name_char_set.ts';
import { pg019EntityCounts } from './019_entity_counts.ts';
import { pg020EntityCountIndex } from './020_entity_count_index.ts';

/** In order, one per SQLite migration of the same version; a released migration is never edited. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  pg001Initial,
  pg002NameCharIndex,
  pg003Grading,
  pg004Exchange,
  pg005Sampling,
  pg006Security,
  pg007AnnualReportCoverage,
  pg008RepairObjections,
  pg009Monitoring,
  pg010Analysis,
  pg011MonitoringIndexes,
  pg012DrawIndexes,
  pg013ForeignKeyIndexes,
  pg014BreakdownTexts,
  pg015ServerSignIn,
  pg016RowVersions,
  pg017UserJurisdiction,
  pg018NameCharSet,
  pg019EntityCounts,
  pg020EntityCountIndex,
];
