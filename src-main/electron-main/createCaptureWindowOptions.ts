import type { BrowserWindowConstructorOptions } from 'electron'
import type { WindowFlavour } from './createMainWindowOptions'
import { hardenedWebPreferences } from './hardenedWebPreferences'

/**
 * The capture window's session: persistent, so that the journalist can log in to
 * Instagram, Facebook or Telegram Web once and capture what they see there. Its cookies are
 * encrypted at rest by the OS keychain (the EnableCookieEncryption fuse); its HTTP cache is
 * off (index.ts creates it with `{ cache: false }`). It is a different session from the app's:
 * pages here cannot reach the app:// protocol, the vault, or the app's storage.
 */
export const CAPTURE_PARTITION = 'persist:capture'

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
  flavour: WindowFlavour
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
      partition: CAPTURE_PARTITION,
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
 * session's logins nor fetch anything.
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
