import { describe, expect, it } from 'vitest'
import {
  CAPTURE_PARTITION,
  LOGIN_CAPTURE_PARTITION,
  PRINT_PARTITION,
  capturePartition,
  createCaptureWindowOptions,
  createPrintWindowOptions
} from './createCaptureWindowOptions'
import { APP_PARTITION } from './createMainWindowOptions'

describe('createCaptureWindowOptions', () => {
  const options = createCaptureWindowOptions({ packaged: true })
  const web = options.webPreferences ?? {}

  it('has no preload, so hostile pages get no window.dalel and no IPC', () => {
    expect('preload' in web).toBe(false)
    expect(web.preload).toBeUndefined()
  })

  it('lives by default in an in-memory partition of its own, apart from the app session', () => {
    // Electron persists a partition to disk only when its name starts with "persist:".
    expect(web.partition).toBe(CAPTURE_PARTITION)
    expect(CAPTURE_PARTITION.startsWith('persist:')).toBe(false)
    expect(web.partition).not.toBe(APP_PARTITION)
  })

  it('keeps logins on disk only when the journalist chose to', () => {
    expect(capturePartition(false)).toBe(CAPTURE_PARTITION)
    expect(capturePartition(true)).toBe(LOGIN_CAPTURE_PARTITION)
    expect(LOGIN_CAPTURE_PARTITION.startsWith('persist:')).toBe(true)
    const kept = createCaptureWindowOptions({ packaged: true }, capturePartition(true))
    expect(kept.webPreferences?.partition).toBe(LOGIN_CAPTURE_PARTITION)
    expect(kept.webPreferences?.sandbox).toBe(true)
    expect(kept.webPreferences?.preload).toBeUndefined()
  })

  it('is sandboxed and isolated like the app window, with no Node anywhere', () => {
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.nodeIntegrationInWorker).toBe(false)
    expect(web.nodeIntegrationInSubFrames).toBe(false)
    expect(web.webSecurity).toBe(true)
    expect(web.allowRunningInsecureContent).toBe(false)
    expect(web.webviewTag).toBe(false)
    expect(web.spellcheck).toBe(false)
    expect(web.devTools).toBe(false)
  })

  it('fits the capture viewport and keeps rendering behind other windows', () => {
    expect(options).toMatchObject({ width: 1280, height: 800, useContentSize: true, show: false })
    expect(web.backgroundThrottling).toBe(false)
  })
})

describe('createPrintWindowOptions', () => {
  const web = createPrintWindowOptions({ packaged: false }).webPreferences ?? {}

  it('prints in an in-memory partition of its own, never the logged-in capture session', () => {
    expect(web.partition).toBe(PRINT_PARTITION)
    expect(PRINT_PARTITION.startsWith('persist:')).toBe(false)
    expect([CAPTURE_PARTITION, LOGIN_CAPTURE_PARTITION, APP_PARTITION]).not.toContain(web.partition)
  })

  it('has no preload, the sandbox, and no DevTools even unpackaged', () => {
    expect('preload' in web).toBe(false)
    expect(web.sandbox).toBe(true)
    expect(web.contextIsolation).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.devTools).toBe(false)
  })
})
