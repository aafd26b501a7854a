import type { BrowserWindowConstructorOptions } from 'electron'
import { hardenedWebPreferences } from './hardenedWebPreferences'

/**
 * The app's own session: in memory (no `persist:` prefix), so the UI's cookies, storage and
 * caches die with the process; index.ts creates it with `{ cache: false }` before any window
 * uses it. The app:// protocol is installed on this session only.
 */
export const APP_PARTITION = 'dalel-app'

export interface WindowFlavour {
  /** app.isPackaged: DevTools only in development */
  packaged: boolean
}

/**
 * The main window's options. The renderer gets no Node, runs sandboxed and isolated from the
 * preload, and keeps the same-origin policy: the UI shows untrusted evidence, so a bug in it
 * must not reach the file system or the vault keys.
 * @param preloadPath absolute path of the built preload (out/preload/index.cjs)
 */
export function createMainWindowOptions(
  preloadPath: string,
  flavour: WindowFlavour
): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 640,
    minHeight: 480,
    show: false,
    backgroundColor: '#f6f5f2',
    title: 'Dalel',
    webPreferences: {
      ...hardenedWebPreferences(flavour),
      preload: preloadPath,
      partition: APP_PARTITION
    }
  }
}
