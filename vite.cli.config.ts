import { defineConfig } from 'vite';
import { EXTERNAL } from './vite.electron.config.ts';

/**
 * The `creditdesk` command as one bundle for Node 24: cli/bin.mjs loads dist/cli/creditdesk.js when it
 * is newer than the sources, which starts in a fraction of the time Node needs to load and strip the
 * TypeScript sources one module at a time. The spreadsheet-reader and integrity-check workers are
 * emitted beside it, where those modules look for them in a bundle.
 */
export default defineConfig({
  publicDir: false,
  ssr: { target: 'node', noExternal: true, external: ['better-sqlite3-multiple-ciphers'] },
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'dist/cli',
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        creditdesk: 'cli/main.ts',
        'reader-worker': 'electron/services/exchange/read/reader-worker.ts',
        'integrity-worker': 'electron/db/integrity-worker.ts',
        'grading-reader-worker': 'electron/services/grading/parallel/grading-reader-worker.ts',
        // The bureau server's blocking PostgreSQL connection (electron/db/postgres/sync-connection.ts).
        'sync-connection-worker': 'electron/db/postgres/sync-connection-worker.ts',
        // The bureau server's (creditdesk serve) long jobs; the desk's commands run theirs in-thread.
        'job-worker': 'electron/backend/jobs/job-worker.ts',
        // The bureau server's request threads (electron/server/bureau/request-threads.ts).
        'request-thread-entry': 'electron/server/bureau/request-thread-entry.ts',
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
