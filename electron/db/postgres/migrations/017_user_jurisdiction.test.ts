import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePg, type PgCluster, startPgCluster } from '../../../../test/helpers/pg-cluster.ts';
import { migratePg, schemaVersion } from '../migrate.ts';
import { openSyncConnection, type SyncConnection } from '../sync-connection.ts';
import { PG_MIGRATIONS } from './index.ts';

describePg('PostgreSQL migration 017_user_jurisdiction', () => {
  let cluster: PgCluster;
  let db: SyncConnection;
  beforeAll(async () => {
    cluster = await startPgCluster();
    db = openSyncConnection(cluster.url);
  }, 60_000);
  afterAll(() => {
    db?.close();
    cluster?.stop();
  }, 60_000);

  it('leaves existing users county-wide, stores a unit, refuses an empty or overlong one', () => {
    migratePg(
      db,
      PG_MIGRATIONS.filter((m) => m.version < 17),
    );
    db.run(
      `INSERT INTO users (username, display_name, role, created_at) VALUES ('li', '李', 'officer', 'x')`,
      [],
    );
    migratePg(
      db,
      PG_MIGRATIONS.filter((m) => m.version <= 17),
    );
    expect(schemaVersion(db)).toBe(17);
    const unit = () => db.query<{ jurisdiction: string | null }>(`SELECT jurisdiction FROM users`);
    expect(unit()).toEqual([{ jurisdiction: null }]);
    const set = (u: string) => db.run(`UPDATE users SET jurisdiction = $1 WHERE username = 'li'`, [u]);
    set('城关市场监管所');
    expect(unit()).toEqual([{ jurisdiction: '城关市场监管所' }]);
    expect(() => set('')).toThrow(expect.objectContaining({ code: '23514' }));
    expect(() => set('所'.repeat(61))).toThrow(expect.objectContaining({ code: '23514' }));
    expect(
      db.query(`SELECT indexname FROM pg_indexes WHERE indexname = 'entities_jurisdiction'`),
    ).toHaveLength(1);
  });
});
