#!/usr/bin/env node
// Entry of the `creditdesk` command. Plain JavaScript, so any Node can start it:
// - on a Node older than 22.18 it hands over to the project's own Node 24 (the `node` dev dependency),
//   or, without one, refuses with a clear message;
// - it runs the bundle dist/cli/creditdesk.js (vite.cli.config.ts) when that is newer than every source
//   file, which starts several times faster; otherwise the TypeScript sources (Node 24 strips the types),
//   so a changed source never runs as a stale bundle.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const own = ['../node_modules/node/bin/node', '../node_modules/node/bin/node.exe']
    .map((rel) => fileURLToPath(new URL(rel, import.meta.url)))
    .find((p) => existsSync(p));
  if (!own) {
    console.error(
      `creditdesk 需要 Node.js 24（当前为 ${process.version}）。请在项目目录中用 "npx creditdesk …" 运行，它会使用项目自带的 Node 24。`,
    );
    process.exit(2);
  }
  const r = spawnSync(own, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 2);
}

const BUNDLE = new URL('../dist/cli/creditdesk.js', import.meta.url);
const SOURCES = ['../cli/', '../electron/', '../shared/'].map((rel) =>
  fileURLToPath(new URL(rel, import.meta.url)),
);

/** True when some source file (tests aside) changed after `since`. */
function changedSince(dir, since) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (
      entry.isDirectory()
        ? changedSince(path, since)
        : !entry.name.endsWith('.test.ts') && statSync(path).mtimeMs > since
    )
      return true;
  }
  return false;
}

function freshBundle() {
  if (!existsSync(BUNDLE)) return false;
  const built = statSync(BUNDLE).mtimeMs;
  return !SOURCES.some((dir) => changedSince(dir, built));
}

// `creditdesk … | head -1`: the reader closing the pipe is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
});
const { main } = await import(freshBundle() ? BUNDLE.href : './main.ts');
process.exitCode = await main(process.argv.slice(2));
