#!/usr/bin/env node
// The .deb for domestic Linux desktops (UOS, Kylin), assembled with dpkg-deb from the app folder that
// `electron-builder --linux dir` produces (release/linux-unpacked, release/linux-arm64-unpacked).
//
// electron-builder's own deb target does not fit the UOS store rules: it installs to /opt/CreditDesk,
// its post-install script links /usr/bin and may make chrome-sandbox setuid root, and it needs fpm,
// which it downloads. This script lays the package out as the rules ask (docs/linux-packaging.md):
//   /opt/apps/<appid>/files/    the app (Electron runtime, resources/app.asar)
//   /opt/apps/<appid>/entries/  applications/<appid>.desktop, icons/hicolor/scalable/apps/<appid>.svg
//   /opt/apps/<appid>/info      JSON: appid, name, 4-part version, arch, permissions
// with no maintainer scripts at all, and nothing outside /opt/apps/<appid>.
//
//   node scripts/build-deb.mjs --app-dir release/linux-unpacked --arch x64 [--out release]
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const config = require(join(ROOT, 'build/electron-builder.config.cjs'));
const pkg = require(join(ROOT, 'package.json'));

/** electron-builder's arch names → Debian's. loong64 is official in Debian from forky. */
const DEB_ARCH = { x64: 'amd64', arm64: 'arm64', loong64: 'loong64' };

/**
 * Electron's run-time libraries (electron-builder's default deb depends, plus GBM and ALSA). Debian 13 and
 * Ubuntu 24.04 renamed some in the 64-bit time_t transition; UOS 20 and Kylin V10 have the old names.
 */
const DEPENDS = [
  'libgtk-3-0t64 | libgtk-3-0',
  'libnotify4',
  'libnss3',
  'libxss1',
  'libxtst6',
  'xdg-utils',
  'libatspi2.0-0t64 | libatspi2.0-0',
  'libuuid1',
  'libsecret-1-0',
  'libgbm1',
  'libasound2t64 | libasound2',
];

/** What the app asks of the desktop (UOS info "permissions"): files it is given, and nothing else. */
const PERMISSIONS = {
  autostart: false,
  notification: false,
  trayicon: false,
  clipboard: true,
  account: false,
  bluetooth: false,
  camera: false,
  audio_record: false,
  installed_apps: false,
};

function fail(message) {
  console.error(`build-deb: ${message}`);
  process.exit(1);
}

/** UOS wants a 4-part version in info; Debian's Version stays the package's own. */
function fourPartVersion(version) {
  const parts = version.split(/[.-]/).filter((p) => /^\d+$/.test(p));
  while (parts.length < 4) parts.push('0');
  return parts.slice(0, 4).join('.');
}

function desktopFile(appId, exec) {
  const entry = config.linux.desktop.entry;
  const lines = ['[Desktop Entry]', 'Type=Application'];
  for (const [k, v] of Object.entries(entry)) lines.push(`${k}=${v}`);
  lines.push(`Exec=${exec}`, `Icon=${appId}`, 'Terminal=false');
  return `${lines.join('\n')}\n`;
}

function sizeKiB(dir) {
  let bytes = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = lstatSync(p);
      if (s.isDirectory()) walk(p);
      else bytes += s.size;
    }
  };
  walk(dir);
  return Math.ceil(bytes / 1024);
}

/** Files 0644, folders and programs 0755: whatever modes the source had, nothing setuid or world-writable. */
function normaliseModes(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = lstatSync(p);
    if (s.isSymbolicLink()) continue;
    if (s.isDirectory()) {
      chmodSync(p, 0o755);
      normaliseModes(p);
    } else chmodSync(p, s.mode & 0o111 ? 0o755 : 0o644);
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      'app-dir': { type: 'string' },
      arch: { type: 'string' },
      out: { type: 'string', default: join(ROOT, 'release') },
    },
  });
  const appDir = values['app-dir'] && resolve(values['app-dir']);
  const debArch = DEB_ARCH[values.arch ?? ''];
  if (!appDir || !debArch) {
    fail(
      'usage: node scripts/build-deb.mjs --app-dir <linux-unpacked folder> --arch x64|arm64|loong64 [--out dir]',
    );
  }
  const executable = config.linux.executableName;
  if (!existsSync(join(appDir, executable)) || !existsSync(join(appDir, 'resources'))) {
    fail(`${appDir} is not an unpacked app: ${executable} or resources/ is missing`);
  }

  // One lower-case id for the package, the folder under /opt/apps and the desktop file.
  const appId = config.appId.toLowerCase();
  const name = config.linux.desktop.entry['Name[zh_CN]'];
  const base = `/opt/apps/${appId}`;
  const stage = mkdtempSync(join(tmpdir(), 'creditdesk-deb-'));
  try {
    // The staging root becomes the package's "./": mkdtemp makes it private (0700).
    chmodSync(stage, 0o755);
    const files = join(stage, base, 'files');
    mkdirSync(dirname(files), { recursive: true });
    cpSync(appDir, files, { recursive: true, verbatimSymlinks: true });
    normaliseModes(join(stage, 'opt'));

    const entries = join(stage, base, 'entries');
    mkdirSync(join(entries, 'applications'), { recursive: true });
    writeFileSync(
      join(entries, 'applications', `${appId}.desktop`),
      desktopFile(appId, `${base}/files/${executable}`),
      { mode: 0o644 },
    );
    const icons = join(entries, 'icons/hicolor/scalable/apps');
    mkdirSync(icons, { recursive: true });
    cpSync(join(ROOT, 'build/icon.svg'), join(icons, `${appId}.svg`));
    chmodSync(join(icons, `${appId}.svg`), 0o644);

    const info = {
      appid: appId,
      name,
      version: fourPartVersion(pkg.version),
      arch: [debArch],
      permissions: PERMISSIONS,
    };
    writeFileSync(join(stage, base, 'info'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o644 });
    normaliseModes(join(stage, 'opt'));

    // DEBIAN/ holds only the control file: no preinst, postinst, prerm or postrm.
    mkdirSync(join(stage, 'DEBIAN'), { mode: 0o755 });
    const control = [
      `Package: ${appId}`,
      `Version: ${pkg.version}`,
      `Architecture: ${debArch}`,
      `Maintainer: ${config.linux.maintainer}`,
      `Installed-Size: ${sizeKiB(join(stage, 'opt'))}`,
      `Depends: ${DEPENDS.join(', ')}`,
      'Section: utils',
      `Priority: ${config.deb.priority}`,
      `Description: ${config.linux.synopsis}`,
      ` ${pkg.description}`,
    ];
    writeFileSync(join(stage, 'DEBIAN/control'), `${control.join('\n')}\n`, { mode: 0o644 });

    mkdirSync(values.out, { recursive: true });
    const deb = join(resolve(values.out), `${appId}_${pkg.version}_${debArch}.deb`);
    const r = spawnSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', stage, deb], {
      encoding: 'utf8',
    });
    if (r.error) fail(`dpkg-deb could not be run (${r.error.message}); install the dpkg package`);
    if (r.status !== 0) fail(`dpkg-deb failed:\n${r.stderr}`);
    console.log(`${deb} (${Math.round(statSync(deb).size / 1024)} KiB)`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

main();
