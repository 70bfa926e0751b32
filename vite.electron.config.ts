import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * Main process and backend worker thread, for Electron's Node (ESM; Electron 45 runs Node 22).
 * Everything is bundled except Electron itself, the native SQLite binding and Node's builtins, so the
 * packaged app needs only better-sqlite3-multiple-ciphers from node_modules at run time.
 * Output: dist/electron/main.js, worker.js and the worker entries beside them (the preload build adds
 * preload.cjs), and server.js, browser mode's launcher.
 */
export const EXTERNAL: (string | RegExp)[] = [
  'electron',
  /^electron\//,
  'better-sqlite3-multiple-ciphers',
  /^node:/,
  ...builtinModules,
];

export default defineConfig({
  publicDir: false,
  // A library-style build for Node: no index.html, no browser polyfills, process.env left alone.
  ssr: { target: 'node', noExternal: true, external: ['electron', 'better-sqlite3-multiple-ciphers'] },
  build: {
    ssr: true,
    outDir: 'dist/electron',
    // The preload build writes into the same folder; `npm run build` builds this one first.
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        main: 'electron/main/main.ts',
        // Browser mode's launcher (`npm start` where Electron is not installed).
        server: 'electron/server/main.ts',
        worker: 'electron/backend/worker.ts',
        'reader-worker': 'electron/services/exchange/read/reader-worker.ts',
        'integrity-worker': 'electron/db/integrity-worker.ts',
        'grading-reader-worker': 'electron/services/grading/parallel/grading-reader-worker.ts',
        // The bureau server's blocking PostgreSQL connection (electron/db/postgres/sync-connection.ts).
        'sync-connection-worker': 'electron/db/postgres/sync-connection-worker.ts',
        'job-worker': 'electron/backend/jobs/job-worker.ts',
      },
      external: EXTERNAL,
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
