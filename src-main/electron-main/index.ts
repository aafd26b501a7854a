// The composition root of the desktop app (DESIGN "Layout"): one VaultService behind the
// contract's handlers, answered over IPC to the main window only; the UI served from app://;
// capture windows in a session of their own; the auto-lock. The policies live in the small
// modules beside this file, each with its tests; this file only wires Electron to them.
import {
  BrowserWindow,
  Menu,
  Notification,
  app,
  dialog,
  globalShortcut,
  ipcMain,
  powerMonitor,
  protocol,
  session,
  shell
} from 'electron'
import type { Session } from 'electron'
import { join } from 'node:path'
import type { LockReason } from '../common/contract/DalelApi'
import type { ErrorCode } from '../common/errors/DalelError'
import { pickLocale, translate } from '../common/i18n/translate'
import type { MessageKey, MessageParams } from '../common/i18n/translate'
import { SettingsStore } from '../node/api/SettingsStore'
import { createApiHandlers } from '../node/api/createApiHandlers'
import type { ApiHandlers } from '../node/api/createApiHandlers'
import { VaultService } from '../node/services/VaultService'
import { SealThreadPool } from '../node/crypto/SealThreadPool'
import { TimestampScheduler } from '../node/services/TimestampScheduler'
import { findRamTempParentSync } from '../node/capture/ramTempParent'
import { AutoLock, PANIC_ACCELERATOR } from './AutoLock'
import { ChosenPaths } from './ChosenPaths'
import { APP_SCHEME, APP_START_URL } from './appOrigin'
import { createAppMenuTemplate } from './createAppMenuTemplate'
import { createAppProtocolHandler } from './createAppProtocolHandler'
import {
  CAPTURE_PARTITION,
  LOGIN_CAPTURE_PARTITION,
  PRINT_PARTITION,
  capturePartition,
  createCaptureWindowOptions,
  createPrintWindowOptions
} from './createCaptureWindowOptions'
import { APP_PARTITION, createMainWindowOptions } from './createMainWindowOptions'
import { electronCaptureBrowser } from './electronCaptureBrowser'
import {
  ExternalLinkGate,
  hardenAppContents,
  hardenAppSession,
  hardenCaptureContents,
  hardenSession
} from './hardenWebContents'
import { plainChromeUserAgent } from './plainChromeUserAgent'
import { createEventSender, registerDroppedFiles, registerIpc } from './registerIpc'
import { createSystemDialogs } from './systemDialogs'
import { moveTempDirToRam } from './moveTempDirToRam'
import { emitWithWatchNotifications } from './watchNotification'

declare const __DALEL_VERSION__: string

// First, before anything of Chromium's can make a temporary file: the captures' MHTML and
// report.pdf's print stream pass through the browser process's temp dir (moveTempDirToRam).
const ramTemp = moveTempDirToRam({
  ramParent: findRamTempParentSync(),
  env: process.env,
  setTempPath: (dir) => {
    app.setPath('temp', dir)
  },
  onError: (error) => {
    console.error('temp dir in RAM:', error)
  }
})
// Gone with the app, whichever way it ends ('exit' is the last chance, synchronous).
app.on('quit', () => ramTemp?.remove())
process.on('exit', () => ramTemp?.remove())

const packaged = app.isPackaged
// out/main/index.js sits beside out/renderer and out/preload (inside app.asar once packaged).
const rendererDir = join(import.meta.dirname, '..', 'renderer')
const preloadPath = join(import.meta.dirname, '..', 'preload', 'index.cjs')

let mainWindow: BrowserWindow | null = null
let settings: SettingsStore | null = null
/** the in-memory capture session and the one that keeps logins (made in start()) */
let captureSessions: Session[] = []
let service: VaultService | null = null

function t(key: MessageKey, params?: MessageParams): string {
  return translate(settings?.get().language ?? pickLocale(app.getLocale()), key, params)
}

function isUnlocked(): boolean {
  return service?.isUnlocked() ?? false
}

/**
 * A question with a yes and a no button, over the main window when there is one; true for
 * yes. No is the default and what Escape or closing the box answers, so a stray Enter never
 * opens a link or signs anyone out.
 */
async function askYesNo(question: {
  message: string
  detail: string
  yes: string
  no: string
}): Promise<boolean> {
  const options = {
    type: 'question' as const,
    message: question.message,
    detail: question.detail,
    buttons: [question.yes, question.no],
    defaultId: 1,
    cancelId: 1,
    noLink: true
  }
  const answer =
    mainWindow === null
      ? await dialog.showMessageBox(options)
      : await dialog.showMessageBox(mainWindow, options)
  return answer.response === 0
}

const externalLinks = new ExternalLinkGate({
  confirm: (url) =>
    askYesNo({
      message: t('desktop.externalLink.message'),
      detail: t('desktop.externalLink.detail', { url }),
      yes: t('desktop.externalLink.open'),
      no: t('desktop.externalLink.cancel')
    }),
  open: (url) => shell.openExternal(url),
  onError: (error) => {
    console.error('external link:', error)
  }
})

const dialogs = createSystemDialogs({
  window: () => mainWindow,
  t,
  documentsDir: () => app.getPath('documents')
})

/** The capture session the journalist chose: in memory unless they keep logins. */
function currentCapturePartition(): string {
  return capturePartition(settings?.get().keepCaptureLogins ?? false)
}

/** A capture window that has loaded about:blank, shown without taking the focus. */
async function openCaptureWindow(): Promise<BrowserWindow> {
  const window = new BrowserWindow(
    createCaptureWindowOptions({ packaged }, currentCapturePartition())
  )
  window.setTitle(t('desktop.capture.title'))
  // The title says whose window this is; the page's own title must not pose as Dalel's.
  window.on('page-title-updated', (event) => {
    event.preventDefault()
  })
  await window.loadURL('about:blank')
  window.showInactive()
  return window
}

/** A hidden window that prints report.pdf; see PRINT_PARTITION. */
async function openPrintWindow(): Promise<BrowserWindow> {
  const window = new BrowserWindow(createPrintWindowOptions({ packaged }))
  await window.loadURL('about:blank')
  return window
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(createMainWindowOptions(preloadPath, { packaged }))
  window.once('ready-to-show', () => {
    window.show()
  })
  window.on('closed', () => {
    mainWindow = null
  })
  return window
}

/** A capture window at a login page, for the person to sign in; then they close it. */
async function openLoginWindow(url: string): Promise<void> {
  const window = new BrowserWindow(
    createCaptureWindowOptions({ packaged }, currentCapturePartition())
  )
  window.setTitle(t('desktop.capture.title'))
  window.on('page-title-updated', (event) => {
    event.preventDefault()
  })
  window.show()
  await window.loadURL(url)
}

/** Forgets the capture session's logins, after asking. */
async function signOutEverywhere(captureBrowser: { close(): Promise<void> }): Promise<void> {
  const yes = await askYesNo({
    message: t('desktop.signOut.message'),
    detail: t('desktop.signOut.detail'),
    yes: t('desktop.signOut.confirm'),
    no: t('desktop.signOut.cancel')
  })
  if (!yes) return
  await captureBrowser.close()
  for (const window of BrowserWindow.getAllWindows()) {
    if (captureSessions.includes(window.webContents.session)) window.destroy()
  }
  for (const captureSession of captureSessions) {
    await captureSession.clearStorageData()
    await captureSession.clearCache()
  }
}

async function start(): Promise<void> {
  await app.whenReady()
  // Before any session sends a request: pages, and the captures' records, see plain Chrome.
  app.userAgentFallback = plainChromeUserAgent(app.userAgentFallback, app.getName())
  const store = await SettingsStore.open(join(app.getPath('userData'), 'settings.json'), {
    language: pickLocale(app.getLocale())
  })
  settings = store
  // Large attachments are hashed and sealed on threads kept while a vault is open.
  const vault = new VaultService({
    clock: { now: () => new Date() },
    sealThreads: new SealThreadPool()
  })
  service = vault

  // Both sessions are made here, with their options, before any window names them.
  const appSession = session.fromPartition(APP_PARTITION, { cache: false })
  hardenAppSession(appSession)
  captureSessions = [CAPTURE_PARTITION, LOGIN_CAPTURE_PARTITION].map((partition) => {
    const captureSession = session.fromPartition(partition, { cache: false })
    hardenSession(captureSession)
    captureSession.setUserAgent(app.userAgentFallback)
    return captureSession
  })
  hardenSession(session.defaultSession)

  appSession.protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      rendererDir,
      readAttachment: (seq, index) => vault.previewAttachment(seq, index)
    })
  )

  const chosen = new ChosenPaths()
  const captureBrowser = electronCaptureBrowser(openCaptureWindow)
  const printSession = session.fromPartition(PRINT_PARTITION, { cache: false })
  hardenAppSession(printSession)
  const reportBrowser = electronCaptureBrowser(openPrintWindow)
  const logError = (what: string) => (error: unknown) => {
    console.error(`${what}:`, error)
  }
  // Rebuilt when the language changes, so the menu speaks it too.
  const installMenu = () => {
    const actions = {
      logIn: (url: string) => {
        openLoginWindow(url).catch(logError('login window'))
      },
      signOutEverywhere: () => {
        signOutEverywhere(captureBrowser).catch(logError('sign out'))
      }
    }
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(createAppMenuTemplate(t, actions, process.platform))
    )
  }
  installMenu()
  // The watch list runs in the service while the vault is unlocked (createApiHandlers);
  // here its changes of state also become system notifications.
  const emit = emitWithWatchNotifications(
    createEventSender(() => mainWindow?.webContents ?? null),
    t,
    (notice) => {
      if (Notification.isSupported()) new Notification(notice).show()
    }
  )

  /** After the keys are wiped: forgets the chosen files, closes the browsers, drops previews. */
  const forgetUnlocked = async (): Promise<void> => {
    chosen.clear()
    await captureBrowser.close()
    await reportBrowser.close()
    await appSession.clearCache()
  }

  // Trusted time while unlocked (issue 13); the scheduling is TimestampScheduler's.
  const stamping = new TimestampScheduler(vault, {
    onStamped: (outcome) => {
      const genTime = outcome.answers.flatMap((a) => (a.ok ? [a.genTime] : [])).sort()[0] ?? ''
      emit('timestamped', { coveredSeq: outcome.covered.seq, genTime })
    },
    onError: (error) => {
      console.error('timestamps:', error)
    }
  })

  /** Wipes the keys, tells the page (as the lock method does), then forgets the rest. */
  const lockVault = async (reason: LockReason): Promise<void> => {
    await stamping.stop()
    await vault.lock()
    emit('locked', { reason })
    await forgetUnlocked()
    // Panic: the screen may be being looked at; reload without waiting for the page to react.
    if (reason === 'panic') mainWindow?.webContents.reload()
  }

  const autoLock: AutoLock = new AutoLock({
    idleSeconds: () => powerMonitor.getSystemIdleTime(),
    screenLocked: () => powerMonitor.getSystemIdleState(1) === 'locked',
    idleMinutes: () => store.get().autoLockMinutes,
    isUnlocked,
    lock: lockVault,
    armPanic: () => {
      const ok = globalShortcut.register(PANIC_ACCELERATOR, () => {
        void autoLock.trigger('panic')
      })
      if (!ok) console.warn(`the panic shortcut ${PANIC_ACCELERATOR} is taken by another program`)
    },
    disarmPanic: () => {
      globalShortcut.unregister(PANIC_ACCELERATOR)
    },
    timers: {
      setInterval: (callback, ms) => setInterval(callback, ms),
      clearInterval: (handle) => {
        clearInterval(handle as NodeJS.Timeout)
      }
    },
    onError: (error) => {
      console.error('auto-lock:', error)
    }
  })

  const handlers = createApiHandlers({
    service: vault,
    settings: store,
    captureBrowser: () => Promise.resolve(captureBrowser),
    reportBrowser: () => Promise.resolve(reportBrowser),
    // what the app did first thing: its captures pass through its own temp dir
    captureTempInRam: () => ramTemp !== null,
    chooseFiles: async () => {
      const files = await dialogs.chooseFiles()
      await chosen.rememberFiles('attach-file', files)
      return files
    },
    chooseFolder: async (purpose) => {
      const folder = await dialogs.chooseFolder(purpose)
      if (folder === null) return null
      // A folder picked for backups is written to and restored from; the others serve one use.
      if (purpose === 'backup') {
        await chosen.rememberFolder('backup-target', folder)
        await chosen.rememberFolder('restore-source', folder)
      } else
        await chosen.rememberFolder(
          purpose === 'vault' ? 'vault-folder' : 'export-destination',
          folder
        )
      return folder
    },
    chooseSaveFile: async (purpose, name) => {
      const file = await dialogs.chooseSaveFile(purpose, name)
      if (file !== null) await chosen.rememberSaveFile(purpose, file)
      return file
    },
    chooseBundle: async () => {
      const file = await dialogs.chooseBundle()
      if (file !== null) await chosen.rememberFiles('verify-bundle', [file])
      return file
    },
    emit,
    toolVersion: __DALEL_VERSION__,
    allowPath: (purpose, path) => chosen.allows(purpose, path),
    onInternalError: (method, error) => {
      console.error(`${method}:`, error)
    }
  })
  const appHandlers: ApiHandlers = {
    ...handlers,
    lock: async (args) => {
      // The stamp in flight is appended (or given up) before the keys go.
      await stamping.stop()
      const result = await handlers.lock(args)
      if (result.ok) await forgetUnlocked()
      return result
    },
    // The drives the system reports are offered as backup targets without a dialog, and
    // for that alone: listing them lets the page neither attach from them nor export there.
    removableDrives: async (args) => {
      const result = await handlers.removableDrives(args)
      if (result.ok) await chosen.rememberDrives(result.value.map((drive) => drive.path))
      return result
    }
  }

  registerIpc({
    ipc: ipcMain,
    handlers: appHandlers,
    appContents: () => mainWindow?.webContents ?? null,
    message: (code: ErrorCode) => t(`error.${code}` as MessageKey),
    onRefused: (method, frameUrl) => {
      console.warn(`refused ${method} from ${frameUrl ?? 'a frame that is gone'}`)
    },
    afterCall: (method) => {
      autoLock.sync()
      void stamping.afterCall(method)
      if (method === 'setSettings') installMenu()
    }
  })

  registerDroppedFiles({
    ipc: ipcMain,
    appContents: () => mainWindow?.webContents ?? null,
    message: (code: ErrorCode) => t(`error.${code}` as MessageKey),
    grant: async (paths) => {
      const granted = await chosen.rememberDroppedFiles(paths)
      // As for chosen files: hashed while the attach form is filled in.
      void vault.hashAhead(granted)
      return granted
    }
  })

  powerMonitor.on('suspend', () => {
    void autoLock.trigger('suspend')
  })
  powerMonitor.on('lock-screen', () => {
    void autoLock.trigger('screen-locked')
  })
  autoLock.start()

  mainWindow = createMainWindow()
  await mainWindow.loadURL(APP_START_URL)
}

// A second instance would open the same vault files concurrently; hand over to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // Synchronous, at the top level: these must be in place before the ready event.
  app.enableSandbox()
  // Belt and braces behind the sessions' own { cache: false }: no HTTP cache and no GPU
  // shader cache on disk, where rendered evidence could linger.
  app.commandLine.appendSwitch('disable-http-cache')
  app.commandLine.appendSwitch('disable-gpu-shader-disk-cache')
  // corsEnabled lets the UI's module scripts (loaded in CORS mode) come from app://; no
  // response of the protocol carries Access-Control-Allow-Origin, so no other origin can
  // read what it serves.
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true }
    }
  ])
  app.on('web-contents-created', (_event, contents) => {
    if (captureSessions.includes(contents.session)) {
      hardenCaptureContents(contents)
    } else {
      hardenAppContents(contents, externalLinks, { devTools: !packaged })
    }
  })
  app.on('second-instance', () => {
    if (mainWindow === null) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    app.quit()
  })
  // The keys are wiped before the process goes, not left to the operating system.
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting || !isUnlocked()) return
    event.preventDefault()
    quitting = true
    void (async () => {
      try {
        await service?.lock()
      } catch (error) {
        console.error('lock on quit:', error)
      }
      app.quit()
    })()
  })
  app.on('will-quit', () => {
    globalShortcut.unregisterAll()
  })
  // Not awaited: with an ES module entry, `ready` fires only after this module has finished
  // evaluating, so a top-level await on whenReady() would hang (electron/electron#41369).
  void (async () => {
    try {
      await start()
    } catch (error) {
      console.error(error)
      const detail = error instanceof Error ? error.message : String(error)
      dialog.showErrorBox('Dalel', t('desktop.startFailed', { detail }))
      app.exit(1)
    }
  })()
}
