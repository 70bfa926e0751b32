import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The renderer bundle. It is loaded from file:// by Electron and from http://127.0.0.1 in browser mode,
 * so every URL is relative (base './'). The production HTML carries a strict CSP (no inline scripts);
 * only the dev server relaxes it, because Vite's dev client and React Refresh need an inline preamble
 * and a WebSocket.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'creditdesk:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i, '');
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    strictPort: true,
    // Browser-mode backend (electron/server) during development: `npm run dev:renderer` then open the
    // dev URL with the #token=… fragment the server printed.
    proxy: { '/api': `http://127.0.0.1:${process.env.CREDITDESK_API_PORT ?? '5780'}` },
  },
});
