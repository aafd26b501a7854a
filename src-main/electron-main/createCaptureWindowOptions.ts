import type { BrowserWindowConstructorOptions } from 'electron'
import type { WindowFlavour } from './createMainWindowOptions'
import { hardenedWebPreferences } from './hardenedWebPreferences'

/**
 * The capture windows' sessions. By default captures run in CAPTURE_PARTITION, which has no
 * `persist:` prefix and so lives in memory only: cookies, storage and service workers of the
 * captured sites vanish when the app quits, and a seized disk does not show which sites were
 * captured. A journalist who must capture what an account shows only when logged in
 * (Instagram, Facebook, Telegram Web) can choose to keep logins (the keepCaptureLogins
 * setting): then LOGIN_CAPTURE_PARTITION persists, its cookies encrypted at rest by the OS
 * keychain (the EnableCookieEncryption fuse). Both have their HTTP cache off (index.ts
 * creates them with `{ cache: false }`), and both are apart from the app's session: pages
 * there cannot reach the app:// protocol, the vault, or the app's storage.
 */
export const CAPTURE_PARTITION = 'dalel-capture'
export const LOGIN_CAPTURE_PARTITION = 'persist:capture'

/** The partition a capture or login window opens in, for the current setting. */
export function capturePartition(keepCaptureLogins: boolean): string {
  return keepCaptureLogins ? LOGIN_CAPTURE_PARTITION : CAPTURE_PARTITION
}

/** The capture engine's viewport (capturePage's DEFAULT_VIEWPORT): the window fits it. */
const CAPTURE_WIDTH = 1280
const CAPTURE_HEIGHT = 800

/**
 * Options of a capture window: hostile web content runs here, so it has no preload (no
 * `window.dalel`, no IPC), no Node, the sandbox and the same-origin policy. It is driven by
 * the capture engine through `webContents.debugger` and shown without focus, so the
 * journalist sees what is being recorded.
 */
export function createCaptureWindowOptions(
  flavour: WindowFlavour,
  partition: string = CAPTURE_PARTITION
): BrowserWindowConstructorOptions {
  return {
    width: CAPTURE_WIDTH,
    height: CAPTURE_HEIGHT,
    useContentSize: true,
    show: false,
    title: 'Dalel',
    webPreferences: {
      // DevTools only in development: opening them would detach the capture engine's
      // debugger mid-capture.
      ...hardenedWebPreferences(flavour),
      partition,
      // Timers and rendering keep going when the window is behind the main one: a throttled
      // page would settle late and be shot half-drawn.
      backgroundThrottling: false
    }
  }
}

/**
 * The session report.pdf is printed in: in memory only (no `persist:` prefix), and hardened
 * like the app's own (index.ts cancels every http, https, ws, ftp and file request), because
 * the report holds the disclosed evidence in plaintext and must neither reach the capture
 * sessions' logins nor fetch anything.
 */
export const PRINT_PARTITION = 'dalel-print'

/** Options of the hidden window that prints report.pdf: the capture window's, in PRINT_PARTITION. */
export function createPrintWindowOptions(flavour: WindowFlavour): BrowserWindowConstructorOptions {
  const options = createCaptureWindowOptions(flavour)
  return {
    ...options,
    show: false,
    webPreferences: { ...options.webPreferences, partition: PRINT_PARTITION, devTools: false }
  }
}
