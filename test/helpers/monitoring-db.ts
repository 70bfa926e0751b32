/**
 * Writes a monitoring fixture document (test/helpers/monitoring-fixture.ts) into a database the way the
 * app stores the same facts: entities with their address and legal representative, records with their
 * JSON data, one import batch covering the document's annual-report years for every kind, and one
 * complete grading run per model and run time with the entities it graded. On either engine.
 */
import { randomBytes } from 'node:crypto';
import { openAndMigrate, type Db } from '../../electron/db/open.ts';
import { type DataDoor, run, runInsert, sql, unitOfWork } from '../../electron/db/sql.ts';
import { ENTITY_KINDS } from '../../shared/domain/entity.ts';
import { getBuiltinModel } from '../../shared/grading/index.ts';
import type { FixtureEntity } from './monitoring-fixture.ts';

const AT = '2026-11-30T01:00:00.000Z';

export function openFixtureDb(path: string): Db {
  return openAndMigrate(path, randomBytes(32), { create: true });
}

export function writeFixture(
  db: DataDoor,
  document: { coverage: { annualReports: number[] }; entities: FixtureEntity[] },
): Map<string, number> {
  const ids = new Map<string, number>();
  unitOfWork(db, () => {
    const batch = runInsert(
      db,
      sql`INSERT INTO import_batches (kind, source, created_at, created_by)
          VALUES ('credit_files', 'test', ${AT}, 'admin')`,
    ).newId;
    for (const kind of ENTITY_KINDS)
      for (const y of document.coverage.annualReports) {
        run(
          db,
          sql`INSERT INTO annual_report_coverage (batch_id, entity_kind, year) VALUES (${batch}, ${kind}, ${y})`,
        );
      }
    const runs = new Map<string, number>();
    for (const e of document.entities) {
      const id = runInsert(
        db,
        sql`INSERT INTO entities (reg_no, name, kind, status, township, address, legal_rep, established_on, batch_id,
              created_at, updated_at)
            VALUES (${e.id}, ${e.name}, ${e.kind}, ${e.status}, ${e.township}, ${e.address ?? null},
              ${e.legalRep ?? null}, ${e.establishedOn}, ${batch}, ${AT}, ${AT})`,
      ).newId;
      ids.set(e.id, id);
      e.records.forEach((r, k) => {
        const { type, date, ...data } = r;
        run(
          db,
          sql`INSERT INTO records (entity_id, type, date, natural_key, batch_id, data, created_at)
              VALUES (${id}, ${type}, ${date}, ${`${type}:${k}`}, ${batch}, ${JSON.stringify(data)}, ${AT})`,
        );
      });
      for (const g of e.grades ?? []) {
        const key = `${g.model}\u0000${g.runAt}`;
        let gradingRun = runs.get(key);
        if (gradingRun === undefined) {
          const model = getBuiltinModel(g.model);
          if (!model) throw new Error(`no built-in model ${g.model}`);
          gradingRun = runInsert(
            db,
            sql`INSERT INTO grading_runs (model_id, model_version, as_of, created_by, created_at, status)
                VALUES (${g.model}, ${model.version}, ${g.runAt.slice(0, 10)}, 'admin', ${g.runAt}, 'complete')`,
          ).newId;
          runs.set(key, gradingRun);
        }
        run(
          db,
          sql`INSERT INTO grading_results (run_id, entity_id, grade, breakdown)
              VALUES (${gradingRun}, ${id}, ${g.grade}, '{}')`,
        );
      }
    }
  });
  return ids;
}
