import type { WebPreferences } from 'electron'
import type { WindowFlavour } from './createMainWindowOptions'

/**
 * The webPreferences every Dalel window starts from: no Node in any frame or worker, the
 * sandbox, context isolation, the same-origin policy, no insecure content, <webview>,
 * experimental features or drag-and-drop navigation, and DevTools only in development.
 * Each window adds its partition (and the main window its preload) and states where it
 * differs.
 */
export function hardenedWebPreferences(flavour: WindowFlavour): WebPreferences {
  return {
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
    safeDialogs: true,
    devTools: !flavour.packaged,
    // Chromium's spellchecker fetches dictionaries from Google's servers on Windows and Linux;
    // a journalist's vault makes no network requests it was not asked to.
    spellcheck: false
  }
}
