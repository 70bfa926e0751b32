import { parseArgs } from 'node:util';
import { ENTITY_KIND_LABELS, ENTITY_STATUS_LABELS } from '../../shared/domain/entity.ts';
import { iterateEntityRows } from '../../electron/services/entities/reads.ts';
import { searchEntities } from '../../electron/services/entities/search.ts';
import { entityScopeOf } from '../../electron/services/users/entity-scope.ts';
import { type EntityRow, entitySearchInputSchema } from '../../shared/api/contract.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk entities list [--db F] [--json] [--query 名称片段或代码前缀] [--limit N] [--offset N]';

/**
 * `entities list`: every entity (or a search's page) in id order. With --json, one JSON object per
 * line (streams a million rows without holding them); otherwise a tab-separated table with a header.
 */
export async function entitiesCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new CliError(`用法：${usage}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      query: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
  });
  // Read-only and quick: a whole-file check of a big county would take minutes (integrity-policy.ts).
  const backend = await openAs(io, dbPathFrom(values.db, io), { lock: false, check: 'bounded' });
  try {
    const db = backend.db();
    // The signed-in user's 管辖单位 applies here as in the app: the command line is no way around it.
    const scope = entityScopeOf(db, backend.user());
    let rows: Iterable<EntityRow>;
    if (values.query !== undefined || values.limit !== undefined || values.offset !== undefined) {
      const parsed = entitySearchInputSchema.safeParse({
        query: values.query ?? '',
        limit: values.limit === undefined ? 500 : Number(values.limit),
        offset: values.offset === undefined ? 0 : Number(values.offset),
      });
      if (!parsed.success) throw new CliError('--limit 应为 1 至 500，--offset 应为非负整数');
      rows = searchEntities(db, parsed.data, scope).rows;
    } else {
      rows = iterateEntityRows(db, scope);
    }
    if (!values.json) io.out(['代码', '名称', '类型', '状态', '乡镇（街道）', '信用记录数'].join('\t'));
    for (const r of rows) {
      io.out(
        values.json
          ? JSON.stringify(r)
          : [
              r.code,
              r.name,
              ENTITY_KIND_LABELS[r.kind],
              ENTITY_STATUS_LABELS[r.status],
              r.township ?? '',
              r.recordCount,
            ].join('\t'),
      );
    }
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
