// The sandboxed preload (built as CommonJS; electron-vite bundles createBridge and the
// contract into it, because a sandboxed preload can require only `electron`): the renderer's
// only door to the main process.
import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './createBridge'

declare const __DALEL_VERSION__: string

contextBridge.exposeInMainWorld('dalel', createBridge(ipcRenderer, __DALEL_VERSION__))
