import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/tmp.ts';
import type { CliIO } from './io.ts';
import { main } from './main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { CREDITDESK_PASSWORD: 'county-secret-1' },
  };
  return { io, out, err };
}

function sheet(path: string, rows: unknown[][]): string {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
  return path;
}

describe('creditdesk import / export', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('imports with the JSON contract, is idempotent, dry-runs, writes error reports, and exports', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'c.db');
    expect(await main(['init', '--db', db, '--county', '测试县'], capture().io)).toBe(0);
    const src = sheet(join(t.dir, 'list.xlsx'), [
      ['企业名称', '注册号/统一社会信用代码', 'RegOrgName', '管辖单位'],
      ['杭州恒达有限公司', '91330100716105852F', '杭州市市场监督管理局', '朝晖所'],
      ['杭州老字号有限公司', '330000000036006', '杭州市市场监督管理局', '米市巷所'],
      ['坏代码公司', '9.13301E+17', '杭州市市场监督管理局', '玉泉所'],
    ]);

    const dry = capture();
    expect(await main(['import', '--db', db, '--kind', 'entities', src, '--dry-run', '--json'], dry.io)).toBe(
      1,
    );
    expect(JSON.parse(dry.out[0]!)).toEqual({
      rows: 3,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      warnings: 0,
      errors: 1,
      batch: null,
    });

    const first = capture();
    const errors = join(t.dir, 'errors.xlsx');
    expect(
      await main(['import', '--db', db, '--kind', 'entities', src, '--errors', errors, '--json'], first.io),
    ).toBe(1);
    const r1 = JSON.parse(first.out[0]!);
    expect(Object.keys(r1)).toEqual([
      'rows',
      'inserted',
      'updated',
      'unchanged',
      'warnings',
      'errors',
      'batch',
      'checkpointed',
    ]);
    expect(r1).toMatchObject({ rows: 3, inserted: 2, errors: 1, checkpointed: true });
    expect(r1.batch).toBeGreaterThan(0);
    const report = XLSX.read(readFileSync(errors));
    const rows = XLSX.utils.sheet_to_json<string[]>(report.Sheets[report.SheetNames[0]!]!, { header: 1 });
    expect(rows).toHaveLength(2);
    expect(rows[0]!.at(-1)).toBe('错误说明');
    expect(rows[1]![0]).toBe('坏代码公司');

    const again = capture();
    await main(['import', '--db', db, '--kind', 'entities', src, '--json'], again.io);
    expect(JSON.parse(again.out[0]!)).toMatchObject({
      rows: 3,
      inserted: 0,
      updated: 0,
      unchanged: 2,
      errors: 1,
    });

    // A mapping file by header text: ignore 管辖单位 → nothing to update, still unchanged.
    const mapping = join(t.dir, 'm.json');
    writeFileSync(mapping, JSON.stringify({ 管辖单位: null, B: 'id' }));
    const mapped = capture();
    await main(['import', '--db', db, '--kind', 'entities', src, '--mapping', mapping, '--json'], mapped.io);
    expect(JSON.parse(mapped.out[0]!)).toMatchObject({ unchanged: 2 });

    const out = join(t.dir, 'pool.xlsx');
    const exp = capture();
    expect(await main(['export', '--db', db, '--kind', 'target_pool', '--out', out], exp.io)).toBe(0);
    expect(existsSync(out)).toBe(true);
    const back = capture();
    expect(await main(['import', '--db', db, '--kind', 'entities', out, '--json'], back.io)).toBe(0);
    expect(JSON.parse(back.out[0]!)).toMatchObject({
      rows: 2,
      inserted: 0,
      updated: 0,
      unchanged: 2,
      errors: 0,
    });

    const tpl = join(t.dir, 'tpl.xlsx');
    expect(
      await main(
        ['export', '--db', db, '--kind', 'template', '--import-kind', 'penalties', '--out', tpl],
        capture().io,
      ),
    ).toBe(0);
    expect(XLSX.read(readFileSync(tpl)).SheetNames).toEqual(['行政处罚', '参数表', '填写说明']);

    const bad = capture();
    expect(await main(['import', '--db', db, '--kind', 'nonsense', src], bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/未知的导入类别/);
  });
  it('takes the repair kinds by name: repairs and objections import, repair_results exports', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'c.db');
    expect(await main(['init', '--db', db, '--county', '测试县'], capture().io)).toBe(0);
    const run = async (args: string[]) => {
      const c = capture();
      const code = await main([...args, '--db', db, '--json'], c.io);
      return { code, out: c.out, err: c.err };
    };
    const entities = sheet(join(t.dir, 'e.xlsx'), [
      ['统一社会信用代码', '企业名称'],
      ['91330100716105852F', '杭州恒达有限公司'],
    ]);
    expect((await run(['import', '--kind', 'entities', entities])).code).toBe(0);
    const penalties = sheet(join(t.dir, 'p.xlsx'), [
      ['统一社会信用代码', '企业名称', '决定书文号', '处罚种类', '罚没金额（元）', '处罚决定日期'],
      ['91330100716105852F', '杭州恒达有限公司', '杭市监罚〔2025〕8号', '罚款', 200000, '2025-08-31'],
    ]);
    expect((await run(['import', '--kind', 'penalties', penalties])).code).toBe(0);

    const repairs = sheet(join(t.dir, 'r.xlsx'), [
      ['申请编号', '统一社会信用代码', '处罚决定书文号', '申请人', '申请日期', '申请事由'],
      ['XF-1', '91330100716105852F', '杭市监罚〔2025〕8号', '张三', '2026-03-02', '已整改'],
    ]);
    const r1 = await run(['import', '--kind', 'repairs', repairs]);
    expect(r1.code).toBe(0);
    expect(JSON.parse(r1.out[0]!)).toMatchObject({ inserted: 1, errors: 0 });
    expect(JSON.parse((await run(['import', '--kind', 'repairs', repairs])).out[0]!)).toMatchObject({
      inserted: 0,
      unchanged: 1,
    });

    const objections = sheet(join(t.dir, 'o.xlsx'), [
      ['异议编号', '统一社会信用代码', '处罚决定书文号', '异议人', '收到日期', '异议理由'],
      ['YY-1', '91330100716105852F', '杭市监罚〔2025〕8号', '张三', '2026-03-02', '金额有误'],
    ]);
    expect(JSON.parse((await run(['import', '--kind', 'objections', objections])).out[0]!)).toMatchObject({
      inserted: 1,
    });

    const out = join(t.dir, 'results.xlsx');
    const exp = await run([
      'export',
      '--kind',
      'repair_results',
      '--from',
      '2026-01-01',
      '--to',
      '2026-12-31',
      '--out',
      out,
    ]);
    expect(exp.code).toBe(0);
    expect(JSON.parse(exp.out[0]!)).toMatchObject({ kind: 'repair_results', rows: 0 });
    expect(existsSync(out)).toBe(true);
  });
});
