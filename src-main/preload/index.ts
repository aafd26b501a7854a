// The sandboxed preload (built as CommonJS; electron-vite bundles createBridge and the
// contract into it, because a sandboxed preload can require only `electron`): the renderer's
// only door to the main process.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createBridge } from './createBridge'

declare const __DALEL_VERSION__: string

// A dropped file's path is known only here (File.path is gone from Electron); the page gets
// no function that turns a File into a path.
contextBridge.exposeInMainWorld(
  'dalel',
  createBridge(ipcRenderer, __DALEL_VERSION__, (file) => webUtils.getPathForFile(file as File))
)
