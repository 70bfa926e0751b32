/**
 * Every audit action the code base writes has a Chinese name, and every entry reads as Chinese. The
 * codes are found by scanning the sources that call appendAudit — literal `action:` values (ternaries
 * included) and the literals passed to a local wrapper whose `action` parameter reaches appendAudit —
 * so a new action without a name in actions.ts fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_LABELS, auditActionLabel, UNKNOWN_ACTION_LABEL } from './actions.ts';
import { type AuditNameBook, describeAudit } from './describe.ts';

const ROOT = join(import.meta.dirname, '..', '..');
// Hyphens too: server.import-desk is named after its command.
const CODE = /'([a-z]+(?:\.[a-zA-Z_-]+)+)'/g;

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) yield p;
  }
}

/**
 * Files that only pass entries on (electron/services/audit/deferred.ts chains entries deferred
 * elsewhere): their actions are scanned where appendAuditOrDefer / deferAudit is called.
 */
const FORWARDERS = new Set(['electron/services/audit/deferred.ts']);
const APPEND_CALL = /\b(?:appendAudit|appendAuditOrDefer|deferAudit)\(/g;

/** The text of each appendAudit(...) call (or a deferrable one), balanced parentheses. */
function appendCalls(text: string): string[] {
  const calls: string[] = [];
  for (const m of text.matchAll(APPEND_CALL)) {
    const i = m.index;
    if (/function\s+$/.test(text.slice(Math.max(0, i - 20), i))) continue; // the definition
    let depth = 0;
    let j = i + m[0].length - 1;
    for (; j < text.length; j++) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')' && --depth === 0) break;
    }
    calls.push(text.slice(i, j + 1));
  }
  return calls;
}

interface Scan {
  codes: Map<string, string>;
  /** appendAudit calls whose action the scan could not resolve to literals. */
  unresolved: string[];
}

function scanAuditCodes(): Scan {
  const codes = new Map<string, string>();
  const unresolved: string[] = [];
  for (const dir of ['electron', 'cli']) {
    for (const file of sources(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      if (!text.includes('appendAudit') && !text.includes('deferAudit(')) continue;
      if (FORWARDERS.has(where)) continue;
      for (const call of appendCalls(text)) {
        const literal = /action:\s*([^,\n]+(?:\n\s*[?:][^,\n]+)*)/.exec(call);
        const found = literal ? [...literal[1]!.matchAll(CODE)].map((m) => m[1]!) : [];
        if (found.length) {
          for (const c of found) codes.set(c, where);
          continue;
        }
        // `action` (shorthand) or `action: variable`: the enclosing wrapper takes it as a parameter.
        const wrappers = [
          ...text.matchAll(/function\s+(\w+)\s*\([^)]*\baction: string/g),
          ...text.matchAll(/const\s+(\w+)\s*=\s*\(\s*action: string/g),
        ].map((m) => m[1]!);
        const before = found.length;
        for (const w of wrappers) {
          for (const m of text.matchAll(new RegExp(`\\b${w}\\(([^;]*?)(?:\\)\\s*=>|,\\s*\\{|\\);)`, 'g'))) {
            for (const c of m[1]!.matchAll(CODE)) {
              codes.set(c[1]!, where);
              found.push(c[1]!);
            }
          }
        }
        if (found.length === before) unresolved.push(`${where}: ${call.slice(0, 80)}`);
      }
    }
  }
  return { codes, unresolved };
}

const NO_NAMES: AuditNameBook = {
  entity: () => undefined,
  task: () => undefined,
  user: () => undefined,
  model: () => undefined,
};

describe('audit action names', () => {
  const scan = scanAuditCodes();

  it('finds the actions the code base writes (the scan itself works)', () => {
    expect(scan.unresolved).toEqual([]);
    // Written through a ternary, a wrapper function and a local arrow helper respectively.
    for (const c of ['sampling.result.enter', 'sampling.items.upsert', 'session.login_log_missing'])
      expect(scan.codes.has(c), c).toBe(true);
    expect(scan.codes.size).toBeGreaterThan(40);
  });

  it('every action written has a Chinese name', () => {
    const missing = [...scan.codes]
      .filter(([c]) => !(c in AUDIT_ACTION_LABELS))
      .map(([c, f]) => `${c} (${f})`);
    expect(missing, 'add these to shared/audit/actions.ts').toEqual([]);
    for (const c of scan.codes.keys()) expect(auditActionLabel(c)).toMatch(/^[^A-Za-z]+$/);
  });

  it('names no action that is never written (a stale name hides a renamed code)', () => {
    const stale = Object.keys(AUDIT_ACTION_LABELS).filter((c) => !scan.codes.has(c));
    expect(stale).toEqual([]);
  });

  it('an unknown code is not shown as the code', () => {
    expect(auditActionLabel('future.thing')).toBe(UNKNOWN_ACTION_LABEL);
  });
});

describe('describeAudit', () => {
  const names: AuditNameBook = {
    entity: (id) => (id === 7 ? '示范县某某公司' : undefined),
    task: (id) => (id === 3 ? '2026年第一批双随机抽查' : undefined),
    user: (u) => (u === 'li' ? '李科长' : undefined),
    model: (id) => (id === 'samr-risk' ? '市场监管总局风险分类' : undefined),
  };

  it('describes an import with its counts and a result entry with the entity and results', () => {
    const imp = describeAudit(
      {
        action: 'exchange.import',
        target: 'batch:6',
        detail: {
          kind: 'entities',
          fileName: '检查对象.xlsx',
          inserted: 478,
          updated: 0,
          unchanged: 0,
          errors: 0,
        },
      },
      names,
    );
    expect(imp.actionLabel).toBe('导入数据');
    expect(imp.summary).toBe(
      '导入市场主体（检查对象名录库） 478 户（新增 478，更新 0），文件“检查对象.xlsx”',
    );
    expect(imp.object).not.toContain('batch');

    const res = describeAudit(
      {
        action: 'sampling.result.enter',
        target: '示范市监〔2026〕1号',
        detail: { taskId: 3, entityId: 7, results: ['1'] },
      },
      names,
    );
    expect(res.summary).toBe('录入抽查结果：示范县某某公司 → 未发现问题');
    expect(res.object).toBe('2026年第一批双随机抽查（示范市监〔2026〕1号）');
  });

  it('names exports, runs, users and backups without internal codes', () => {
    const cases = [
      { action: 'exchange.export', target: 'target_pool', detail: { rows: 12, fileName: '名录.xlsx' } },
      {
        action: 'grading.run',
        target: 'run:2',
        detail: { model: 'samr-risk', graded: 5, distribution: { A: 5 } },
      },
      { action: 'user.add', target: 'li', detail: { role: 'supervisor' } },
      { action: 'backup.create', target: 'backup:20260501-170309-manual', detail: { size: 2048 } },
      {
        action: 'settings.idle_lock',
        target: 'security.idleLockSeconds',
        detail: { before: 900, after: 15 },
      },
      { action: 'exchange.errorReport', target: 'entities', detail: { rows: 3 } },
      {
        action: 'user.update',
        target: 'li',
        detail: {
          before: { displayName: '李科长', role: 'officer', jurisdiction: null },
          after: { displayName: '李科长', role: 'officer', jurisdiction: '城关市场监管所' },
        },
      },
      {
        action: 'user.add',
        target: 'li',
        detail: { role: 'officer', jurisdiction: '城关市场监管所' },
      },
    ];
    const out = cases.map((c) => describeAudit(c, names));
    for (const d of out)
      expect(`${d.object}${d.summary}`).not.toMatch(/target_pool|batch:|run:|backup:|security\./);
    expect(out[0]!.object).toBe('检查对象名录库（市场主体）');
    expect(out[1]!.summary).toContain('市场监管总局风险分类');
    expect(out[2]).toMatchObject({ object: '李科长', summary: '角色：科室负责人' });
    expect(out[3]!.object).toBe('2026-05-01 17:03:09 的备份');
    expect(out[4]!.summary).toBe('由 15 分钟 改为 15 秒');
    expect(out[6]!.summary).toBe('管辖单位由“全县”改为“城关市场监管所”');
    expect(out[7]!.summary).toBe('角色：执法人员；管辖单位：城关市场监管所');
  });

  it('survives a detail of the wrong shape', () => {
    const d = describeAudit(
      { action: 'exchange.import', target: null, detail: { inserted: 'x', kind: 5 } },
      NO_NAMES,
    );
    expect(d.summary).toContain('导入数据 0 条');
  });
});
