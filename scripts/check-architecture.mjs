#!/usr/bin/env node
// Layer rules that a linter cannot see in one file: shared/ is pure TypeScript (no Node, Electron,
// database or DOM), renderer/ reaches the main process only through the typed API, and Electron's
// own API stays in electron/main and electron/preload.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx|mts|mjs)$/.test(name)) yield p;
  }
}

const RULES = [
  {
    dir: 'shared',
    skip: (f) => /\.test\.ts$/.test(f),
    bad: (s) =>
      /^(node:|fs$|path$|os$|crypto$|electron|better-sqlite3|react|@mantine)/.test(s) ||
      /(^|\/)(electron|renderer|cli)\//.test(s),
    why: 'shared/ 必须是纯 TypeScript',
  },
  {
    dir: 'renderer/src',
    skip: () => false,
    bad: (s) => /^(node:|fs$|path$|electron|better-sqlite3)/.test(s) || /(^|\/)(electron|cli)\//.test(s),
    why: 'renderer/ 只能经由 shared/api 访问主进程',
  },
  {
    dir: 'electron',
    skip: (f) => /electron\/(main|preload)\//.test(f.replaceAll('\\', '/')),
    bad: (s) => s === 'electron' || s.startsWith('electron/'),
    why: "只有 electron/main 与 electron/preload 可以引用 'electron'（后台与浏览器模式不依赖 Electron）",
  },
];

/**
 * SQL lives in electron/db (the connection, migrations) and in each area's repository — a file named
 * repository.ts or a folder named repository/ — and nowhere else (issue 16). Tests may query freely.
 */
const SQL_CALL = /\.(prepare|exec)\(/;
const SQL_HOME = (f) => /^electron\/db\/|(^|\/)repository(\/|\.ts$)/.test(f) || /\.test\.ts$|testkit/.test(f);

let problems = 0;
for (const dir of ['electron', 'cli']) {
  for (const file of files(dir)) {
    const f = file.replaceAll('\\', '/');
    if (SQL_HOME(f)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (SQL_CALL.test(line)) {
        console.error(`${f}:${i + 1}: 在仓储（repository）之外直接写 SQL — 请移到本领域的 repository 模块`);
        problems++;
      }
    });
  }
}

for (const rule of RULES) {
  for (const f of files(rule.dir)) {
    if (rule.skip(f)) continue;
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec && rule.bad(spec)) {
        console.error(`${f}: 引用了 "${spec}" — ${rule.why}`);
        problems++;
      }
    }
  }
}
if (problems) {
  console.error(`架构检查：${problems} 处违规`);
  process.exit(1);
}
console.log('架构检查通过');
