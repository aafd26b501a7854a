// The composition root of the desktop app (DESIGN "Layout"). Deliberately small for now: one
// hardened window showing the bundled UI, one IPC channel. The vault services come later.
import { BrowserWindow, app, ipcMain, net, protocol, session } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { APP_ORIGIN, APP_SCHEME, APP_START_URL } from './appOrigin'
import { createMainWindowOptions } from './createMainWindowOptions'
import { hardenWebContents } from './hardenWebContents'
import { resolveAppUrl } from './resolveAppUrl'

// Must equal the preload's channel name; both move into the typed IPC contract in common/.
const PING_CHANNEL = 'dalel:ping'

// out/main/index.js sits beside out/renderer and out/preload.
const rendererDir = join(import.meta.dirname, '..', 'renderer')
const preloadPath = join(import.meta.dirname, '..', 'preload', 'index.cjs')

let mainWindow: BrowserWindow | null = null

/** Serves the built renderer from app://dalel/…; anything outside out/renderer is a 404. */
async function serveRenderer(request: Request): Promise<Response> {
  const file = resolveAppUrl(request.url, rendererDir)
  if (file === null) return new Response('Not found', { status: 404 })
  try {
    return await net.fetch(pathToFileURL(file).toString())
  } catch {
    return new Response('Not found', { status: 404 })
  }
}

function isFromApp(frameUrl: string | undefined): boolean {
  return frameUrl !== undefined && frameUrl.startsWith(`${APP_ORIGIN}/`)
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(createMainWindowOptions(preloadPath))
  window.once('ready-to-show', () => {
    window.show()
  })
  window.on('closed', () => {
    mainWindow = null
  })
  return window
}

async function start(): Promise<void> {
  try {
    await app.whenReady()
    // The UI asks for nothing: camera, microphone, notifications, geolocation are all refused.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => {
      callback(false)
    })
    session.defaultSession.setPermissionCheckHandler(() => false)
    protocol.handle(APP_SCHEME, serveRenderer)
    ipcMain.handle(PING_CHANNEL, (event) => {
      if (!isFromApp(event.senderFrame?.url)) throw new Error('IPC from an unexpected frame')
      return 'pong'
    })
    mainWindow = createMainWindow()
    await mainWindow.loadURL(APP_START_URL)
  } catch (error) {
    console.error(error)
    app.exit(1)
  }
}

// A second instance would open the same vault files concurrently; hand over to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // Synchronous, at the top level: schemes must be registered before the ready event. No
  // corsEnabled: the UI loads only same-origin files, and other origins must not read them.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents)
  })
  app.on('second-instance', () => {
    if (mainWindow === null) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    app.quit()
  })
  // Not awaited: with an ES module entry, `ready` fires only after this module has finished
  // evaluating, so a top-level await on whenReady() would hang (electron/electron#41369).
  void start()
}
