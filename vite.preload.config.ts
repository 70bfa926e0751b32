import { defineConfig } from 'vite';

/**
 * The sandboxed preload. Sandboxed preloads cannot be ES modules, so this is one self-contained
 * CommonJS file, dist/electron/preload.cjs; only `electron` stays external (the sandbox provides it).
 * Runs after vite.electron.config.ts, into the same folder, so it must not empty it.
 */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/electron',
    emptyOutDir: false,
    target: 'chrome140',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'electron/preload/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: {
      external: ['electron'],
      output: { codeSplitting: false },
    },
  },
});
