import { describe, expect, it } from 'vitest'
import { APP_PARTITION, createMainWindowOptions } from './createMainWindowOptions'

describe('createMainWindowOptions', () => {
  const options = createMainWindowOptions('/app/out/preload/index.cjs', { packaged: true })
  const web = options.webPreferences ?? {}

  it('isolates and sandboxes the renderer, with no Node in any frame or worker', () => {
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.nodeIntegrationInWorker).toBe(false)
    expect(web.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps the same-origin policy and refuses insecure content and webviews', () => {
    expect(web.webSecurity).toBe(true)
    expect(web.allowRunningInsecureContent).toBe(false)
    expect(web.webviewTag).toBe(false)
    expect(web.experimentalFeatures).toBe(false)
    expect(web.navigateOnDragDrop).toBe(false)
  })

  it('loads the given CommonJS preload', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs')
  })

  it('turns off the spellchecker, which downloads dictionaries', () => {
    expect(web.spellcheck).toBe(false)
  })

  it('has DevTools only in development', () => {
    expect(web.devTools).toBe(false)
    const dev = createMainWindowOptions('/p.cjs', { packaged: false }).webPreferences ?? {}
    expect(dev.devTools).toBe(true)
  })

  it('uses the in-memory app session, not the default one on disk', () => {
    expect(web.partition).toBe(APP_PARTITION)
    expect(APP_PARTITION.startsWith('persist:')).toBe(false)
    expect(web.session).toBeUndefined()
  })
})
