/**
 * Sandboxed preload, bundled to CommonJS (dist/electron/preload.cjs). It exposes exactly one function,
 * `window.creditdesk.call(method, input)`, which forwards to the main process over the single IPC
 * channel. No ipcRenderer, no Node API, no other channel reaches the page. Keep the channel name in
 * sync with IPC_CHANNEL in electron/main/ipc.ts (not imported, so this bundle stays self-contained).
 */
import { contextBridge, ipcRenderer } from 'electron';

const CHANNEL = 'creditdesk:call';

contextBridge.exposeInMainWorld('creditdesk', {
  call: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(CHANNEL, method, input),
});
