import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { createEntityStore, emptyCounts } from '../../electron/services/entities/store.ts';
import type { Entity } from '../../shared/domain/entity.ts';
import type { CreditRecord } from '../../shared/domain/records.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const NAME = '示范县鑫源绿色农业科技有限公司';
const USCC = '91350100M000100Y43';
const PENALTY: CreditRecord = {
  type: 'penalty',
  date: '2025-04-10',
  penaltyKinds: ['罚款'],
  fine: 5000,
  decisionNo: '示市监处罚〔2025〕7号',
};

function entity(over: Partial<Entity> = {}): Entity {
  return {
    uscc: USCC,
    regNo: null,
    name: NAME,
    kind: 'enterprise',
    legalRep: '王建国',
    regionCode: '410422',
    township: '城关镇',
    jurisdiction: '城关市场监管所',
    industryCode: 'A0141',
    industryName: '蔬菜种植',
    address: '城关镇人民路18号',
    establishedOn: '2015-03-02',
    status: 'active',
    capitalAmount: 100,
    capitalUnit: '万元',
    capitalCurrency: '人民币',
    phone: '13800000000',
    tags: [],
    ...over,
  };
}

/** Every byte the database left on disk: the main file, the WAL and the shared-memory index. */
function rawBytes(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      // the key file and the failed-login file (names and times only) are JSON beside it
      .filter((f) => f.startsWith('creditdesk.db') && !f.endsWith('.json'))
      .map((f) => readFileSync(join(dir, f))),
  );
}

describe('encrypted store', () => {
  let cleanup: () => void;
  let backend: Backend | undefined;
  afterEach(() => {
    backend?.close();
    cleanup?.();
  });

  async function setUp() {
    const t = tempDir();
    cleanup = t.cleanup;
    const dbPath = join(t.dir, 'creditdesk.db');
    backend = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT });
    await backend.call('app.setup', {
      admin: { username: 'admin', displayName: '张管理', password: 'correct horse 1' },
      county: TEST_COUNTY,
      demo: null,
    });
    const db = backend.db();
    const store = createEntityStore(db);
    db.transaction(() =>
      store.upsert(entity(), [PENALTY], { batchId: null, source: 'test', at: backend!.now() }, emptyCounts()),
    )();
    return { dir: t.dir, dbPath };
  }

  it('leaves no plaintext on disk: neither a Chinese entity name, nor its code, nor a SQLite header', async () => {
    const { dir } = await setUp();
    backend!.close();
    const raw = rawBytes(dir);
    expect(raw.length).toBeGreaterThan(4096);
    expect(raw.includes(Buffer.from(NAME, 'utf8'))).toBe(false);
    expect(raw.includes(Buffer.from('鑫源绿色', 'utf8'))).toBe(false);
    expect(raw.includes(Buffer.from(USCC, 'utf8'))).toBe(false);
    expect(raw.includes(Buffer.from('示市监处罚', 'utf8'))).toBe(false);
    expect(raw.includes(Buffer.from('SQLite format 3', 'utf8'))).toBe(false);
    expect(raw.includes(Buffer.from('CREATE TABLE', 'utf8'))).toBe(false);
  });

  it('refuses a wrong password with a clear message and does not touch the files', async () => {
    const { dir, dbPath } = await setUp();
    backend!.close();
    const before = createHash('sha256').update(rawBytes(dir)).digest('hex');
    const keysBefore = readFileSync(`${dbPath}.keys.json`, 'utf8');
    backend = new Backend({ dbPath, firstRunDemo: null });
    const env = await backend.dispatch('session.login', { username: 'admin', password: 'wrong password' });
    expect(env).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
    if (!env.ok) expect(env.error.message).toMatch(/密码错误/);
    expect(createHash('sha256').update(rawBytes(dir)).digest('hex')).toBe(before);
    expect(readFileSync(`${dbPath}.keys.json`, 'utf8')).toBe(keysBefore);
    // …and the right password still opens it afterwards.
    const ok = await backend.call('session.login', { username: 'admin', password: 'correct horse 1' });
    expect(ok.user.role).toBe('admin');
    expect(ok.county.name).toBe('测试县');
  });

  it('finds an entity by a Chinese fragment of any length and by a code prefix, then opens its credit file', async () => {
    await setUp();
    for (const query of ['鑫', '鑫源', '绿色农业', '91350100', '91350100m0']) {
      const r = await backend!.call('entities.search', { query });
      expect(r.total, query).toBe(1);
      expect(r.rows[0]?.name).toBe(NAME);
    }
    expect((await backend!.call('entities.search', { query: '不存在的名字' })).total).toBe(0);
    const row = (await backend!.call('entities.search', { query: '鑫源' })).rows[0]!;
    const file = await backend!.call('entities.get', { id: row.id });
    expect(file.entity).toEqual(entity());
    expect(file.records).toHaveLength(1);
    expect(file.records[0]).toMatchObject({ type: 'penalty', data: { fine: 5000, penaltyKinds: ['罚款'] } });
  });

  it('upserts by identifier: writing the same credit file again changes nothing', async () => {
    await setUp();
    const db = backend!.db();
    const store = createEntityStore(db);
    const counts = emptyCounts();
    store.upsert(entity(), [PENALTY], { batchId: null, source: 'test', at: backend!.now() }, counts);
    expect(counts).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
      recordsInserted: 0,
      recordsUnchanged: 1,
    });
    store.upsert(
      entity({ phone: '13900000000' }),
      [],
      { batchId: null, source: 'test', at: backend!.now() },
      counts,
    );
    expect(counts.updated).toBe(1);
  });

  it('validates every call against the contract and answers in Chinese', async () => {
    await setUp();
    const bad = await backend!.dispatch('entities.search', { query: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!bad.ok) expect(bad.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(await backend!.dispatch('entities.drop', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await backend!.dispatch('entities.get', { id: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await backend!.call('session.logout', {});
    expect(await backend!.dispatch('entities.search', {})).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
  });

  it('refuses to initialise over an existing database', async () => {
    const { dbPath } = await setUp();
    const second = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT });
    const env = await second.dispatch('app.setup', {
      admin: { username: 'admin', displayName: '另一人', password: 'another password' },
      county: TEST_COUNTY,
      demo: null,
    });
    expect(env).toMatchObject({ ok: false, error: { code: 'database_exists' } });
  });
});
