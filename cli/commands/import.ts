import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importKindSchema, type MappingInput } from '../../shared/api/contracts/exchange.ts';
import { IMPORT_KINDS } from '../../shared/exchange/types.ts';
import { columnLetter } from '../../shared/exchange/index.ts';
import { commitImport, importErrorReport } from '../../electron/services/exchange/import-service.ts';
import { loadStaged, prepareImport } from '../../electron/services/exchange/import/prepare.ts';
import { checkpointWal, WAL_KEPT_NOTICE } from '../../electron/db/checkpoint.ts';
import { storageError } from '../../electron/db/write-errors.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage = `creditdesk import [--db F] --kind ${IMPORT_KINDS.join('|')} FILE [--mapping M.json] [--dry-run] [--errors OUT.xlsx] [--json]`;

/**
 * --mapping: a JSON object from column (its header text as written, or its letter such as "C") to a
 * field name of the kind (null to ignore the column); columns not named keep the detected mapping.
 */
function readMapping(
  path: string,
  headers: { index: number; letter: string; header: string }[],
): MappingInput {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CliError(`无法读取映射文件 ${path}：应为 JSON 对象，如 {"企业名称": "name", "C": null}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError('映射文件应为 JSON 对象');
  const out: MappingInput = [];
  for (const [key, field] of Object.entries(raw as Record<string, unknown>)) {
    if (field !== null && typeof field !== 'string')
      throw new CliError(`映射文件中「${key}」的值应为字段名或 null`);
    const col = headers.find((h) => h.header === key) ?? headers.find((h) => h.letter === key.toUpperCase());
    if (!col) throw new CliError(`映射文件中的列「${key}」在表头中不存在`);
    out.push({ index: col.index, field: field as string | null });
  }
  return out;
}

/** A failed commit rolled back: say so (导入已撤销) rather than a bare SQLite message. */
function withdrawnOnStorageFailure<T>(commit: () => T): T {
  try {
    return commit();
  } catch (e) {
    throw storageError(e, 'import') ?? e;
  }
}

export async function importCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      kind: { type: 'string' },
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      errors: { type: 'string' },
      json: { type: 'boolean', default: false },
      sheet: { type: 'string' },
    },
  });
  if (!values.kind || positionals.length !== 1) throw new CliError(`用法：${usage}`);
  const kind = importKindSchema.safeParse(values.kind);
  if (!kind.success) throw new CliError(`未知的导入类别：${values.kind}（可选：${IMPORT_KINDS.join('、')}）`);
  const path = resolve(positionals[0]!);
  if (!existsSync(path)) throw new CliError(`文件不存在：${positionals[0]}`);
  const backend = await openAs(io, dbPathFrom(values.db, io));
  try {
    const db = backend.db();
    const actor = backend.user();
    const at = backend.now();
    const file = { path, fileName: basename(path) };
    await loadStaged(path);
    let mapping: MappingInput | undefined;
    if (values.mapping) {
      const prep = prepareImport(db, file, kind.data, { sheet: values.sheet });
      const headers = prep.detection.columns.length
        ? prep.detection.columns
        : (prep.read.sheets[prep.sheetIndex]?.rows[0] ?? []).map((h, index) => ({
            index,
            letter: columnLetter(index),
            header: String(h ?? ''),
          }));
      mapping = readMapping(values.mapping, headers);
    }
    const req = { file, kind: kind.data, sheet: values.sheet, mapping };
    const run = withdrawnOnStorageFailure(() =>
      commitImport(db, actor, req, at, { dryRun: values['dry-run'] }),
    );
    // A dry run writes nothing; a real one reports whether its pages reached the database file.
    const checkpointed = values['dry-run'] ? null : checkpointWal(db);
    if (checkpointed === false) io.err(WAL_KEPT_NOTICE);
    if (values.errors) importErrorReport(db, actor, req, resolve(values.errors), at, run);
    const result = { ...run.counts, batch: run.batchId, ...(checkpointed === null ? {} : { checkpointed }) };
    if (values.json) io.out(JSON.stringify(result));
    else {
      io.out(
        `共 ${result.rows} 行：新增 ${result.inserted}，更新 ${result.updated}，未变 ${result.unchanged}，有提示 ${result.warnings}，有错误 ${result.errors}` +
          (values['dry-run'] ? '（试运行，未写入）' : result.batch ? `；导入批次 ${result.batch}` : ''),
      );
      for (const r of run.rows)
        for (const i of r.issues)
          io.err(
            `第 ${i.row} 行${i.column ? ` ${i.column} 列` : ''}【${i.severity === 'error' ? '错误' : '提示'}】${i.message}`,
          );
    }
    return run.counts.errors > 0 ? EXIT.problems : EXIT.ok;
  } finally {
    backend.close();
  }
}
