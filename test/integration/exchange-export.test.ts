/** Exports: styles and validation in the written XML, the internal banner, the publication columns. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExport } from '../../electron/services/exchange/export/run-export.ts';
import { commitImport } from '../../electron/services/exchange/import-service.ts';
import { type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';

function parts(path: string): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(readFileSync(path))).map(([k, v]) => [k, strFromU8(v)]));
}

describe('exports', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(30);
  });
  afterEach(() => f.close());

  it('blank templates: text-formatted code columns, drop-downs fed by 参数表, a filled template imports', () => {
    const out = join(f.dir, 'tpl.xlsx');
    runExport(f.db, f.actor, { kind: 'template', importKind: 'entities' }, out, { at: AT });
    const xml = parts(out);
    const sheet1 = xml['xl/worksheets/sheet1.xml']!;
    // Column A (the identifier) carries the text style (numFmt 49 = "@").
    expect(sheet1).toMatch(/<col min="1" max="1" [^>]*style="1"\/>/);
    expect(xml['xl/styles.xml']).toMatch(/<xf numFmtId="49"[^>]*applyNumberFormat="1"\/>/);
    expect(sheet1).toMatch(
      /<dataValidation type="list"[^>]*><formula1>&apos;参数表&apos;!\$A\$2:\$A\$5<\/formula1>|<formula1>'参数表'!\$A\$2:\$A\$5<\/formula1>/,
    );
    const wb = XLSX.read(readFileSync(out));
    expect(wb.SheetNames).toEqual(['市场主体检查对象名录库', '参数表', '填写说明']);
    const params = XLSX.utils.sheet_to_json<string[]>(wb.Sheets.参数表!, { header: 1 });
    expect(params[0]).toEqual(['主体类型', '登记状态']);
    expect(
      params
        .slice(1)
        .map((r) => r[0])
        .filter(Boolean),
    ).toEqual(['企业', '农民专业合作社', '个体工商户', '其他']);
    // Filled in by a user, the template imports without any mapping question.
    const header = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 })[0]!;
    const row = header.map((h) =>
      h === '*企业名称'
        ? '模板测试有限公司'
        : h === '统一社会信用代码/注册号' || h === '*统一社会信用代码/注册号'
          ? '91330100716105852F'
          : h === '主体类型'
            ? '企业'
            : '',
    );
    const filled = writeSheet(join(f.dir, 'filled.xlsx'), [header, row]);
    const run = commitImport(
      f.db,
      f.actor,
      { file: { path: filled, fileName: 'filled.xlsx' }, kind: 'entities' },
      AT,
    );
    expect(run.counts).toMatchObject({ rows: 1, inserted: 1, errors: 0 });
  });

  it('neutralises formula-like text and keeps codes and phones as text', () => {
    f.db
      .prepare(
        "UPDATE entities SET name = '@SUM(A1)', legal_rep = '-2+3', phone = '057188886666' WHERE id = 2",
      )
      .run();
    const out = join(f.dir, 'pool.xlsx');
    runExport(f.db, f.actor, { kind: 'target_pool' }, out, { at: AT });
    const sheet = parts(out)['xl/worksheets/sheet1.xml']!;
    expect(sheet).not.toMatch(/<f>/);
    expect(sheet).toContain("<t>'@SUM(A1)</t>");
    expect(sheet).toContain("<t>'-2+3</t>");
    expect(sheet).toMatch(/<c r="O3" s="1" t="inlineStr"><is><t>057188886666<\/t><\/is><\/c>/);
    const audit = f.db.prepare("SELECT detail FROM audit_log WHERE action = 'exchange.export'").all() as {
      detail: string;
    }[];
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
      expect.objectContaining({ kind: 'target_pool', rows: 30 }),
    ]);
  });

  it('a cancelled export leaves no file and no audit entry', () => {
    const out = join(f.dir, 'cancelled.xlsx');
    expect(() =>
      runExport(f.db, f.actor, { kind: 'target_pool' }, out, {
        at: AT,
        job: {
          progress: (done, total) => {
            if (total > 0 && done === total) throw new Error('取消');
          },
          checkCancelled() {},
        },
      }),
    ).toThrow('取消');
    expect(existsSync(out)).toBe(false);
    expect(
      f.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'exchange.export'").get(),
    ).toEqual({ n: 0 });
  });

  it('publication notice in the GSXT column order; credit file of one entity', () => {
    const uscc = (
      f.db.prepare('SELECT uscc FROM entities WHERE uscc IS NOT NULL ORDER BY id LIMIT 1').get() as {
        uscc: string;
      }
    ).uscc;
    const src = writeSheet(join(f.dir, 'results.xlsx'), [
      ['统一社会信用代码', '检查日期', '检查结果', '抽查任务'],
      [uscc, '2026-03-15', '未按规定公示应当公示的信息', '测市监抽〔2026〕1号'],
    ]);
    commitImport(f.db, f.actor, { file: { path: src, fileName: 'results.xlsx' }, kind: 'inspections' }, AT);
    const out = join(f.dir, 'pub.xlsx');
    const r = runExport(f.db, f.actor, { kind: 'publication', plan: '测市监抽〔2026〕1号' }, out, { at: AT });
    expect(r.rows).toBe(1);
    const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(out)).Sheets.抽查检查结果信息!, {
      header: 1,
    });
    expect(rows[0]!.slice(0, 5)).toEqual(['序号', '检查实施机关', '类型', '日期', '结果']);
    expect(rows[1]!.slice(1, 5)).toEqual([
      '测试县市场监督管理局',
      '抽查',
      '2026-03-15',
      // A is left out when one of its children says more, as GSXT shows it.
      '未按规定公示应当公示的信息',
    ]);

    const id = (f.db.prepare('SELECT id FROM entities WHERE uscc = ?').get(uscc) as { id: number }).id;
    const cf = join(f.dir, 'cf.xlsx');
    runExport(f.db, f.actor, { kind: 'credit_file', entityId: id }, cf, { at: AT });
    const wb = XLSX.read(readFileSync(cf));
    expect(wb.SheetNames).toEqual(['基本信息', '信用记录']);
    const recs = XLSX.utils.sheet_to_json<Record<string, string>>(wb.Sheets.信用记录!);
    expect(recs.some((x) => x.记录类型 === '抽查检查结果' && x.日期 === '2026-03-15')).toBe(true);
  });

  it('grading results carry the internal-use banner', () => {
    const run = f.db
      .prepare(
        "INSERT INTO grading_runs (model_id, model_version, as_of, created_by, created_at, status) VALUES ('samr-risk', '1', '2026-10-31', 'admin', ?, 'complete')",
      )
      .run(AT).lastInsertRowid;
    f.db
      .prepare(
        "INSERT INTO grading_results (run_id, entity_id, score, grade, breakdown) SELECT ?, id, 900, 'A', '{}' FROM entities",
      )
      .run(run);
    const out = join(f.dir, 'grades.xlsx');
    const r = runExport(f.db, f.actor, { kind: 'grading_results' }, out, { at: AT });
    expect(r.rows).toBe(30);
    const ws = XLSX.read(readFileSync(out)).Sheets.分级分类结果!;
    expect(String((ws.A1 as XLSX.CellObject).v)).toMatch(/^内部资料/);
    expect(ws['!merges']?.[0]).toMatchObject({ s: { r: 0, c: 0 }, e: { r: 0 } });
    expect((ws.J3 as XLSX.CellObject).v).toBe('A');
    // The model by its name, not its id.
    expect((ws.G3 as XLSX.CellObject).v).toBe('企业信用风险分类（县局默认模型）（版本 1）');
  });
});
