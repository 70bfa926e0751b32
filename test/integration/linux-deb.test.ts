/**
 * Issue 19 item 6: the deb for UOS/Kylin. The Electron runtime cannot be downloaded here, so
 * scripts/build-deb.mjs packs a stand-in app folder (placeholder executable and chrome-sandbox, as
 * `electron-builder --linux dir` would leave them) and the built package is read back with dpkg-deb:
 * its file list, control fields, maintainer scripts, info JSON and desktop file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBuilt } from '../helpers/built.ts';
import { tempDir } from '../helpers/tmp.ts';

const require = createRequire(import.meta.url);
const config = require('../../build/electron-builder.config.cjs') as {
  appId: string;
  linux: { target: { target: string; arch: string[] }[]; executableName: string };
};
const pkg = require('../../package.json') as { version: string };

const APP_ID = 'cn.gov.creditdesk';
const BASE = `./opt/apps/${APP_ID}`;
const hasDpkg = spawnSync('dpkg-deb', ['--version']).status === 0;
if (!hasDpkg) console.warn('SKIPPED: dpkg-deb is not installed (apt-get install dpkg)');

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** A folder shaped like electron-builder's linux-unpacked output, with placeholder binaries. */
function standInApp(dir: string): string {
  const app = join(dir, 'linux-unpacked');
  mkdirSync(join(app, 'resources/app.asar.unpacked/node_modules/better-sqlite3-multiple-ciphers'), {
    recursive: true,
  });
  writeFileSync(join(app, 'creditdesk'), '#!/bin/sh\necho stand-in for the Electron runtime\n');
  chmodSync(join(app, 'creditdesk'), 0o755);
  // As a careless copy might leave it: setuid root. The package must not carry that.
  writeFileSync(join(app, 'chrome-sandbox'), 'stand-in\n');
  chmodSync(join(app, 'chrome-sandbox'), 0o4755);
  writeFileSync(join(app, 'resources/app.asar'), 'stand-in app.asar\n');
  writeFileSync(join(app, 'libffmpeg.so'), 'stand-in\n');
  return app;
}

describe.skipIf(!hasDpkg)('the UOS/Kylin deb built by scripts/build-deb.mjs', () => {
  let dir: string;
  let cleanup: () => void;
  const debs: Record<string, string> = {};

  beforeAll(() => {
    const t = tempDir();
    dir = t.dir;
    cleanup = t.cleanup;
    const app = standInApp(dir);
    for (const arch of ['x64', 'arm64']) {
      run(process.execPath, [
        'scripts/build-deb.mjs',
        '--app-dir',
        app,
        '--arch',
        arch,
        '--out',
        join(dir, 'out'),
      ]);
    }
    for (const f of readdirSync(join(dir, 'out'))) debs[f] = join(dir, 'out', f);
  });

  afterAll(() => cleanup?.());

  it('is named and versioned after the lower-case appid, for x64 and arm64', () => {
    expect(APP_ID).toBe(config.appId.toLowerCase());
    expect(Object.keys(debs).sort()).toEqual([
      `${APP_ID}_${pkg.version}_amd64.deb`,
      `${APP_ID}_${pkg.version}_arm64.deb`,
    ]);
    for (const [file, arch] of [
      [`${APP_ID}_${pkg.version}_amd64.deb`, 'amd64'],
      [`${APP_ID}_${pkg.version}_arm64.deb`, 'arm64'],
    ] as const) {
      const deb = debs[file]!;
      expect(run('dpkg-deb', ['-f', deb, 'Package']).trim()).toBe(APP_ID);
      expect(run('dpkg-deb', ['-f', deb, 'Architecture']).trim()).toBe(arch);
      expect(run('dpkg-deb', ['-f', deb, 'Version']).trim()).toBe(pkg.version);
    }
  });

  it('depends on ALSA under both its old and its time_t-transition name', () => {
    const depends = run('dpkg-deb', ['-f', Object.values(debs)[0]!, 'Depends'])
      .trim()
      .split(/,\s*/);
    expect(depends).toContain('libasound2t64 | libasound2');
    expect(depends).toContain('libgtk-3-0t64 | libgtk-3-0');
    expect(depends).toContain('libnss3');
  });

  it('installs only under /opt/apps/<appid>, with entries/, files/ and info, nothing setuid', () => {
    const listing = run('dpkg-deb', ['-c', Object.values(debs)[0]!])
      .trim()
      .split('\n');
    const entries = listing.map((line) => {
      const cols = line.split(/\s+/);
      return { mode: cols[0]!, path: cols.slice(5).join(' ') };
    });
    const paths = entries.map((e) => e.path);
    for (const p of paths) {
      expect(['./', './opt/', './opt/apps/'].includes(p) || p.startsWith(`${BASE}/`), p).toBe(true);
    }
    expect(paths).toEqual(
      expect.arrayContaining([
        `${BASE}/info`,
        `${BASE}/files/creditdesk`,
        `${BASE}/files/resources/app.asar`,
        `${BASE}/entries/applications/${APP_ID}.desktop`,
        `${BASE}/entries/icons/hicolor/scalable/apps/${APP_ID}.svg`,
      ]),
    );
    expect(paths.some((p) => p.startsWith('./usr/'))).toBe(false);
    for (const e of entries) expect(e.mode, e.path).not.toMatch(/[sS]|w.$/);
    expect(entries.find((e) => e.path === `${BASE}/files/chrome-sandbox`)?.mode).toBe('-rwxr-xr-x');
    expect(entries.find((e) => e.path === `${BASE}/files/creditdesk`)?.mode).toBe('-rwxr-xr-x');
    expect(entries.find((e) => e.path === './')?.mode).toBe('drwxr-xr-x');
  });

  it('has no maintainer scripts: installing changes nothing outside its folder', () => {
    for (const deb of Object.values(debs)) {
      const control = join(dir, `control-${readdirSync(dir).length}`);
      run('dpkg-deb', ['-e', deb, control]);
      expect(readdirSync(control)).toEqual(['control']);
    }
  });

  it('describes itself in info (4-part version, arch, permissions) and a desktop file that starts it', () => {
    const root = join(dir, 'x-amd64');
    run('dpkg-deb', ['-x', debs[`${APP_ID}_${pkg.version}_amd64.deb`]!, root]);
    const info = JSON.parse(readFileSync(join(root, BASE, 'info'), 'utf8')) as Record<string, unknown>;
    expect(info.appid).toBe(APP_ID);
    expect(info.name).toBe('信用分级分类监管工作台');
    expect(info.version).toBe(`${pkg.version.split('-')[0]}.0`);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(info.arch).toEqual(['amd64']);
    expect(info.permissions).toMatchObject({ autostart: false, camera: false, audio_record: false });

    const desktop = readFileSync(join(root, BASE, 'entries/applications', `${APP_ID}.desktop`), 'utf8');
    const lines = desktop.split('\n');
    expect(lines[0]).toBe('[Desktop Entry]');
    expect(lines).toContain(`Exec=/opt/apps/${APP_ID}/files/${config.linux.executableName}`);
    expect(lines).toContain(`Icon=${APP_ID}`);
    expect(lines).toContain('Name[zh_CN]=信用分级分类监管工作台');
    expect(existsSync(join(root, BASE, 'files', config.linux.executableName))).toBe(true);
  });

  it('refuses a folder that is not an unpacked app, and an unknown architecture', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const r = spawnSync(
      process.execPath,
      ['scripts/build-deb.mjs', '--app-dir', empty, '--arch', 'x64', '--out', join(dir, 'no')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('is not an unpacked app');
    const bad = spawnSync(process.execPath, ['scripts/build-deb.mjs', '--app-dir', empty, '--arch', 'ia32'], {
      encoding: 'utf8',
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('usage');
  });
});

describe('electron-builder configuration for Linux', () => {
  it('leaves the deb to scripts/build-deb.mjs and builds the unpacked app for x64 and arm64', () => {
    const targets = config.linux.target;
    expect(targets.map((t) => t.target)).not.toContain('deb');
    expect(targets.find((t) => t.target === 'dir')?.arch).toEqual(['x64', 'arm64']);
  });
});

/**
 * The whole pipeline with a stand-in runtime: electron-builder (the project's configuration, `dir`
 * target) lays out the real app around a placeholder Electron from `electronDist`, then build-deb packs
 * it. Fuses stay off here: they are flipped inside the real Electron binary, which the placeholder is not.
 */
// Without dpkg-deb the whole file skips (a machine's tool); with it, a missing build fails in CI.
const describeWithBuild = hasDpkg
  ? (name: string, body: () => void) =>
      describeBuilt(['dist/electron/main.js', 'dist/renderer/index.html'], name, body)
  : describe.skip;

describeWithBuild('electron-builder with a stand-in Electron, then build-deb', () => {
  let dir: string;
  let cleanup: () => void;
  const listings: Record<string, string[]> = {};

  beforeAll(() => {
    const t = tempDir();
    dir = t.dir;
    cleanup = t.cleanup;
    const electronDist = join(dir, 'electron-dist');
    mkdirSync(join(electronDist, 'locales'), { recursive: true });
    mkdirSync(join(electronDist, 'resources'));
    for (const f of ['electron', 'chrome-sandbox']) {
      writeFileSync(join(electronDist, f), '#!/bin/sh\n');
      chmodSync(join(electronDist, f), 0o755);
    }
    for (const l of ['zh-CN', 'en-US', 'de', 'fr']) writeFileSync(join(electronDist, `locales/${l}.pak`), l);
    const cfg = join(dir, 'electron-builder.stand-in.cjs');
    writeFileSync(
      cfg,
      `const base = require(${JSON.stringify(join(process.cwd(), 'build/electron-builder.config.cjs'))});
module.exports = { ...base, electronDist: ${JSON.stringify(electronDist)}, electronFuses: undefined,
  directories: { output: ${JSON.stringify(join(dir, 'release'))}, buildResources: 'build' } };\n`,
    );
    const builder = join(process.cwd(), 'node_modules/.bin/electron-builder');
    run(builder, ['--config', cfg, '--linux', 'dir', '--x64', '--arm64']);
    for (const [arch, unpacked] of [
      ['x64', 'linux-unpacked'],
      ['arm64', 'linux-arm64-unpacked'],
    ] as const) {
      const out = join(dir, `out-${arch}`);
      run(process.execPath, [
        'scripts/build-deb.mjs',
        '--app-dir',
        join(dir, 'release', unpacked),
        '--arch',
        arch,
        '--out',
        out,
      ]);
      const deb = join(out, readdirSync(out)[0]!);
      listings[arch] = run('dpkg-deb', ['-c', deb])
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).slice(5).join(' '));
    }
  }, 240_000);

  afterAll(() => cleanup?.());

  it('holds the app archive, the Chinese and English UI strings and the SQLite binding for its own arch only', () => {
    for (const [arch, other] of [
      ['x64', 'arm64'],
      ['arm64', 'x64'],
    ] as const) {
      const files = listings[arch]!;
      expect(files).toContain(`${BASE}/files/resources/app.asar`);
      expect(files).toContain(`${BASE}/files/creditdesk`);
      expect(files.filter((f) => f.includes('/locales/')).sort()).toEqual([
        `${BASE}/files/locales/`,
        `${BASE}/files/locales/en-US.pak`,
        `${BASE}/files/locales/zh-CN.pak`,
      ]);
      const bindings = files.filter((f) => f.endsWith('.node'));
      expect(bindings).toContain(
        `${BASE}/files/resources/app.asar.unpacked/node_modules/better-sqlite3-multiple-ciphers/prebuilds/linux-${arch}.node`,
      );
      expect(bindings.some((f) => f.includes(other) || f.includes('win32') || f.includes('darwin'))).toBe(
        false,
      );
      for (const f of files)
        expect(f === './' || f === './opt/' || f.startsWith('./opt/apps/'), f).toBe(true);
    }
  });
});
