import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addAnchorFiles } from '../../electron/services/audit/anchors.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk audit verify [--db F] [--json] [--anchor 文件…] | audit list [--db F] [--json] [--limit N] [--actor 用户名] [--action 前缀] [--from 年-月-日] [--to 年-月-日]';

/**
 * `audit verify`: checks the hash chain of the audit log. Prints 完整 (intact) or the first broken
 * entry's id and what is wrong; exit 0 when intact, 1 when broken. With --json:
 * `{intact, entries, firstBroken: {id, reason, message} | null, headHash, anchors}`. The log is also
 * checked against its anchors outside the database (the anchor file beside it, the backups'
 * manifests) and against every `--anchor` file: a backup folder, an exported plan workbook, an anchor
 * file or a text with the head written down (electron/services/audit/anchors.ts).
 * `audit list`: the newest entries first (JSON: one object per line, with the Chinese actionLabel,
 * object and summary beside the stored fields). --from/--to: local calendar days, inclusive.
 */
export async function auditCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify' && sub !== 'list') throw new CliError(`用法：${usage}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      actor: { type: 'string' },
      action: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      anchor: { type: 'string', multiple: true },
    },
  });
  // Read-only: a whole-file check of a big county would take minutes (integrity-policy.ts).
  const backend = await openAs(io, dbPathFrom(values.db, io), { lock: false, check: 'bounded' });
  try {
    if (sub === 'verify') {
      const files = (values.anchor ?? []).map((f) => resolve(f));
      for (const f of files) if (!existsSync(f)) throw new CliError(`找不到锚点文件：${f}`);
      const checked = await backend.call('audit.verify', {});
      const r =
        files.length > 0 && checked.anchors
          ? await addAnchorFiles(backend.db(), { ...checked, anchors: checked.anchors }, files)
          : checked;
      if (values.json) io.out(JSON.stringify(r));
      else {
        if (r.intact) io.out(`完整（intact）：共 ${r.entries} 条记录，哈希链无断点。链尾哈希 ${r.headHash}`);
        else io.out(`已被篡改（broken）：第 ${r.firstBroken?.id} 条 — ${r.firstBroken?.message}`);
        if (r.anchors) {
          io.out(`已与 ${r.anchors.checked} 个锚点核对，不符 ${r.anchors.problems.length} 个。`);
          for (const p of r.anchors.problems)
            if (p.message !== r.firstBroken?.message) io.out(`  ${p.message}`);
          for (const n of r.anchors.notes) io.out(`注意：${n}`);
        }
      }
      return r.intact ? EXIT.ok : EXIT.problems;
    }
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliError('--limit 应为 1 至 500');
    const r = await backend.call('audit.list', {
      limit,
      actor: values.actor ?? '',
      action: values.action ?? '',
      from: values.from ?? '',
      to: values.to ?? '',
    });
    if (!values.json) io.out(['编号', '时间', '用户', '操作', '对象', '详情'].join('\t'));
    for (const e of r.entries) {
      io.out(
        values.json
          ? JSON.stringify(e)
          : [e.id, e.at, e.actor, e.action, e.target ?? '', JSON.stringify(e.detail)].join('\t'),
      );
    }
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
