/**
 * 管辖单位 on a bureau server (issue 17 item 3): an administrator sets and clears an officer's unit on
 * the server's accounts, and the officer's own browser session — the request's signed-in user — then
 * lists only that unit's entities and is refused another unit's credit file. A change applies to the
 * officer's next request, without signing them out.
 */
import { expect, it } from 'vitest';
import type { Method } from '../../../shared/api/contract.ts';
import type { Entity } from '../../../shared/domain/entity.ts';
import { freshPgDatabases } from '../../../test/helpers/engines.ts';
import { storeEntities } from '../../../test/helpers/entities-testkit.ts';
import { describePg } from '../../../test/helpers/pg-cluster.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../../test/helpers/tmp.ts';
import { initServer } from '../../services/users/server/init-server.ts';
import { BureauBackend } from './bureau-backend.ts';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Admin-Pass-2026' };
const OFFICER = {
  username: 'zhang',
  displayName: '张执法',
  role: 'officer' as const,
  password: 'Zhang-Pass-2026',
};
const DONGCHENG = '东城市场监管所';
const HEKOU = '河口市场监管所';

const shop = (name: string, uscc: string, jurisdiction: string | null): Entity => ({
  uscc,
  regNo: null,
  name,
  kind: 'enterprise',
  legalRep: null,
  regionCode: null,
  township: null,
  jurisdiction,
  industryCode: null,
  industryName: null,
  address: null,
  establishedOn: null,
  status: 'active',
  capitalAmount: null,
  capitalUnit: null,
  capitalCurrency: null,
  phone: null,
  tags: [],
});

describePg('管辖单位 on the bureau server', () => {
  const fresh = freshPgDatabases();

  it('an administrator sets and clears an officer’s unit; the officer’s session reads only that unit meanwhile', async () => {
    const { db, url } = fresh();
    const t = tempDir();
    const now = new Date('2026-12-03T09:00:00Z');
    await initServer(db, { county: TEST_COUNTY, admin: ADMIN }, now.toISOString(), FAST_SCRYPT);
    // Ids 1–3: 东城 ×2, 河口 ×1 (a fresh database numbers them in order).
    storeEntities(db, [
      shop('东城甲商贸有限公司', '91410422MA0000001A', DONGCHENG),
      shop('东城乙食品有限公司', '91410422MA0000002B', DONGCHENG),
      shop('河口丙建材有限公司', '91410422MA0000003C', HEKOU),
    ]);
    const backend = new BureauBackend({ db, url, dataDir: t.dir, now: () => now, scrypt: FAST_SCRYPT });
    const browser = () => {
      let token: string | null = null;
      return async (method: Method, input: unknown = {}) => {
        const a = await backend.dispatch(method, input, { token, address: '10.0.0.8' });
        if (a.cookie === 'clear') token = null;
        else if (a.cookie) token = a.cookie.set;
        return a.envelope;
      };
    };
    try {
      const admin = browser();
      const officer = browser();
      await admin('session.login', { username: 'admin', password: ADMIN.password });
      expect(await admin('entities.jurisdictions')).toMatchObject({
        ok: true,
        value: {
          jurisdictions: [
            { name: DONGCHENG, count: 2 },
            { name: HEKOU, count: 1 },
          ],
        },
      });
      expect(await admin('users.add', { ...OFFICER, jurisdiction: DONGCHENG })).toMatchObject({
        ok: true,
        value: { username: 'zhang', jurisdiction: DONGCHENG, hasKey: true },
      });
      await officer('session.login', { username: 'zhang', password: OFFICER.password });

      expect(await officer('entities.search', { query: '' })).toMatchObject({
        ok: true,
        value: { total: 2, scopedTo: DONGCHENG, rows: [{ id: 1 }, { id: 2 }] },
      });
      expect(await officer('entities.search', { query: '有限公司' })).toMatchObject({ value: { total: 2 } });
      expect(await officer('entities.get', { id: 2 })).toMatchObject({ ok: true, value: { id: 2 } });
      expect(await officer('entities.get', { id: 3 })).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringContaining('该主体不属于您的管辖单位') },
      });
      // The administrator is never scoped.
      expect(await admin('entities.search', { query: '' })).toMatchObject({
        value: { total: 3, scopedTo: null },
      });

      // Another unit, then none: the officer's next request follows, still signed in.
      expect(await admin('users.update', { username: 'zhang', jurisdiction: HEKOU })).toMatchObject({
        value: { jurisdiction: HEKOU },
      });
      expect(await officer('entities.search', { query: '' })).toMatchObject({
        value: { total: 1, scopedTo: HEKOU, rows: [{ id: 3 }] },
      });
      expect(await admin('users.update', { username: 'zhang', jurisdiction: null })).toMatchObject({
        value: { jurisdiction: null },
      });
      expect(await officer('entities.search', { query: '' })).toMatchObject({
        value: { total: 3, scopedTo: null },
      });
      expect(await officer('entities.get', { id: 3 })).toMatchObject({ ok: true });

      // An administrator's unit is refused; an officer cannot set units.
      expect(await admin('users.update', { username: 'admin', jurisdiction: DONGCHENG })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      expect(await officer('users.update', { username: 'zhang', jurisdiction: DONGCHENG })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      const log = await admin('audit.list', { action: 'user.' });
      const entries = (log as { value: { entries: { action: string; detail: Record<string, unknown> }[] } })
        .value.entries;
      expect(entries.find((e) => e.action === 'user.add')?.detail).toMatchObject({ jurisdiction: DONGCHENG });
      expect(
        entries
          .filter((e) => e.action === 'user.update')
          .map((e) => (e.detail.after as { jurisdiction: string | null }).jurisdiction)
          .reverse(),
      ).toEqual([HEKOU, null]);
    } finally {
      t.cleanup();
    }
  });
});
