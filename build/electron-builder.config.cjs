/**
 * electron-builder configuration: `npm run dist` (after `npm run build`).
 *
 * Offline product, offline build: nothing is published and there is no auto-update. Packaging itself
 * still needs the Electron zips (and, for NSIS/AppImage, electron-builder's tool binaries) in the local
 * cache (ELECTRON_CACHE / ELECTRON_BUILDER_CACHE, or `electronDist`) on a machine without internet.
 *
 * @type {import('electron-builder').Configuration}
 */
const pkg = require('../package.json');

/** The only package the packaged app loads from node_modules: Vite bundles everything else. */
const NATIVE = 'node_modules/better-sqlite3-multiple-ciphers';

module.exports = {
  appId: 'cn.gov.creditdesk', // = APP_ID in electron/main/main.ts (Windows taskbar grouping)
  productName: 'CreditDesk',
  copyright: '仅供市场监督管理部门内部使用',
  electronVersion: pkg.config.electronVersion,

  directories: { output: 'release', buildResources: 'build' },

  files: [
    'dist/electron/**',
    'dist/renderer/**',
    'package.json',
    '!dist/**/*.map',
    // node_modules only honours exclusions. main.js and worker.js bundle zod & co., the renderer bundle
    // has React and Mantine, so the one runtime dependency left is the native SQLite binding. If a
    // future dependency is deliberately left external in vite.electron.config.ts, add it here.
    '!node_modules/!(better-sqlite3-multiple-ciphers){,/**}',
    // Build-time sources of the binding (SQLite amalgamation, C++), not needed at run time.
    `!${NATIVE}/{deps,src}{,/**}`,
    `!${NATIVE}/binding.gyp`,
    // Keep only the prebuilt binary for the target (${os} is win/linux/mac, ${arch} x64/arm64):
    // e.g. win → win32-x64.node; linux → linux-x64.node and linuxmusl-x64.node.
    `!${NATIVE}/prebuilds/!(\${os}*-\${arch}.node)`,
  ],
  // Native code cannot be loaded from inside app.asar.
  asarUnpack: [`${NATIVE}/prebuilds/*.node`],

  // better-sqlite3-multiple-ciphers 13 is an N-API addon (NAPI_VERSION 10) and ships prebuilt binaries
  // for win32/linux/darwin × x64/arm64 in its package. N-API binaries are ABI-stable across Node and
  // Electron versions, so nothing is rebuilt per Electron version or target architecture — which also
  // means packaging needs no compiler, no Electron headers download and no network.
  npmRebuild: false,
  buildDependenciesFromSource: false,

  // Electron fuses (flipped in the packaged binary): the packaged app cannot be turned into a plain Node
  // (ELECTRON_RUN_AS_NODE), inspected with --inspect, or fed NODE_OPTIONS to read decrypted data, and it
  // loads its code only from app.asar. grantFileProtocolExtraPrivileges stays on: the renderer is
  // loaded from file:// and its module scripts need it.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: false,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: true,
  },

  // Chromium UI strings: Simplified Chinese, plus English as Chromium's fallback.
  electronLanguages: ['zh-CN', 'en-US'],

  publish: null,

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    executableName: 'CreditDesk',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: '信用分级分类监管工作台',
    uninstallDisplayName: '信用分级分类监管工作台',
    language: '2052', // zh-CN
    installerLanguages: ['zh_CN'],
    multiLanguageInstaller: false,
    // The encrypted database and its backups live in the user's data folder: never delete them.
    deleteAppDataOnUninstall: false,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder macros, not JS placeholders
    artifactName: '${productName}-${version}-windows-${arch}-setup.${ext}',
  },

  linux: {
    // No 'deb' here: electron-builder's deb installs to /opt/CreditDesk and its post-install script links
    // /usr/bin and makes chrome-sandbox setuid root, against the UOS/Kylin rules. The unpacked app
    // (release/linux-unpacked, release/linux-arm64-unpacked) is packed by scripts/build-deb.mjs instead
    // (docs/linux-packaging.md).
    target: [
      { target: 'dir', arch: ['x64', 'arm64'] },
      { target: 'AppImage', arch: ['x64', 'arm64'] },
    ],
    executableName: 'creditdesk',
    category: 'Office',
    maintainer: 'CreditDesk <creditdesk@localhost>',
    vendor: 'CreditDesk',
    synopsis: '信用分级分类监管工作台',
    description: pkg.description,
    desktop: {
      entry: {
        Name: 'CreditDesk',
        'Name[zh_CN]': '信用分级分类监管工作台',
        Comment: 'Credit grading and double-random inspection workbench',
        'Comment[zh_CN]': '企业信用档案、信用风险分类与“双随机、一公开”抽查',
        Categories: 'Office;',
      },
    },
    // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder macros, not JS placeholders
    artifactName: '${productName}-${version}-linux-${arch}.${ext}',
  },
  // Read by scripts/build-deb.mjs, which builds the deb.
  deb: {
    priority: 'optional',
  },
};
