#!/usr/bin/env node
// `npm start`: build what is out of date, then run the desktop app in Electron — or, where the
// Electron binary is not installed (it cannot be downloaded on offline machines), the same app in
// browser mode on 127.0.0.1. A first run proposes a demo county.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const DEMO = [
  '--demo-entities',
  process.env.CREDITDESK_DEMO_ENTITIES ?? '20000',
  '--demo-seed',
  'creditdesk-demo',
];

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

function stale(output, ...sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => newestMtime(s) > built);
}

function build(config) {
  const r = spawnSync('npx', ['vite', 'build', '--config', config], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/**
 * The Electron binary when it is installed, else null. Looked up by hand: requiring the electron
 * package would try to download a missing binary, which offline machines cannot do.
 */
function electronBinary() {
  const pkg = join('node_modules', 'electron');
  try {
    const exe = join(pkg, 'dist', readFileSync(join(pkg, 'path.txt'), 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

if (stale('dist/renderer/index.html', 'renderer/src', 'shared')) build('vite.renderer.config.ts');
// The command line too, so `npx creditdesk` starts from its bundle (cli/bin.mjs) rather than the sources.
if (stale('dist/cli/creditdesk.js', 'cli', 'electron', 'shared')) build('vite.cli.config.ts');

const electron = electronBinary();
if (electron) {
  if (stale('dist/electron/main.js', 'electron', 'shared')) {
    build('vite.electron.config.ts');
    build('vite.preload.config.ts');
  }
  const child = spawn(electron, ['.', ...DEMO], {
    stdio: 'inherit',
    env: { ...process.env, CREDITDESK_DEV: '1' },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('未找到 Electron 运行文件（本机无法下载 Electron），改为浏览器模式启动：');
  console.log(
    '功能与桌面版相同，数据同样加密保存在本机；请用下面给出的地址在浏览器中打开（地址含本次启动的访问令牌）。\n',
  );
  // The bundled launcher and backend (dist/electron/server.js, worker.js): they start in a third of the
  // time Node takes to load the TypeScript sources.
  if (stale('dist/electron/server.js', 'electron', 'shared')) {
    // The same build as the desktop app's (it empties dist/electron, so the preload is rebuilt too).
    build('vite.electron.config.ts');
    build('vite.preload.config.ts');
  }
  const child = spawn(process.execPath, ['dist/electron/server.js', ...DEMO, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
