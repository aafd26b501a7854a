// The sandboxed preload (built as CommonJS): the renderer's only door to the main process.
// It exposes plain values and functions that return plain values, never an Electron object
// (no ipcRenderer, no IpcRendererEvent), so page script cannot send on arbitrary channels.
import { contextBridge, ipcRenderer } from 'electron'

declare const __DALEL_VERSION__: string

// Must equal the main process's channel name; both move into the typed IPC contract in common/.
const PING_CHANNEL = 'dalel:ping'

async function ping(): Promise<string> {
  const reply: unknown = await ipcRenderer.invoke(PING_CHANNEL)
  return typeof reply === 'string' ? reply : ''
}

contextBridge.exposeInMainWorld(
  'dalel',
  Object.freeze({
    version: __DALEL_VERSION__,
    ping
  })
)
