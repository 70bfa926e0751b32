/**
 * The built-in monitoring rule set on both engines: a new database (the desk's openAndMigrate, a
 * server's openAndMigratePg) holds it in force; opening again adds nothing; a release's new version
 * comes into force only while the set in force is a built-in one, never over thresholds an
 * administrator saved.
 */
import { expect, it } from 'vitest';
import { builtinMonitoringRuleSet } from '../../shared/monitoring/builtins.ts';
import { forEachEngine } from '../../test/helpers/engines.ts';
import { ruleSetInForce, saveRuleSetVersion } from '../services/monitoring/repository/rule-sets.ts';
import { ensureBuiltinRuleSet } from './builtin-rule-set.ts';
import { type DataDoor, sql, value } from './sql.ts';

const versions = (db: DataDoor) => value<number>(db, sql`SELECT count(*) FROM monitoring_rule_sets`);

forEachEngine('the built-in monitoring rule set', (fresh) => {
  it('is in force in a new database, once', () => {
    const { db } = fresh();
    const set = builtinMonitoringRuleSet();
    expect(ruleSetInForce(db)).toMatchObject({
      set_id: set.id,
      version: set.version,
      builtin: 1,
      saved_by: 'system',
    });
    ensureBuiltinRuleSet(db);
    expect(versions(db)).toBe(1);
  });

  it('brings a release’s new version into force only over a built-in one', () => {
    const { db } = fresh();
    const set = builtinMonitoringRuleSet();
    ensureBuiltinRuleSet(db, { ...set, version: set.version + 1 });
    expect(ruleSetInForce(db)).toMatchObject({ version: set.version + 1, builtin: 1 });

    const own = { id: set.id, version: set.version + 2, name: set.name };
    const seq = saveRuleSetVersion(
      db,
      own,
      JSON.stringify({ ...set, version: own.version }),
      '2026-12-02T00:00:00.000Z',
      'admin',
    );
    expect(ruleSetInForce(db)).toMatchObject({ seq, builtin: 0 });
    ensureBuiltinRuleSet(db, { ...set, version: set.version + 3 });
    expect(versions(db)).toBe(4);
    // The administrator's thresholds stay in force until they save again.
    expect(ruleSetInForce(db)).toMatchObject({ seq, builtin: 0 });
  });
});
