import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * The main window's options. The renderer gets no Node, runs sandboxed and isolated from the
 * preload, and keeps the same-origin policy: the UI shows untrusted evidence, so a bug in it
 * must not reach the file system or the vault keys.
 * @param preloadPath absolute path of the built preload (out/preload/index.cjs)
 */
export function createMainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 640,
    minHeight: 480,
    show: false,
    backgroundColor: '#f6f5f2',
    title: 'Dalel',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Chromium's spellchecker fetches dictionaries from Google's servers on Windows and Linux;
      // a journalist's vault makes no network requests it was not asked to.
      spellcheck: false
    }
  }
}
