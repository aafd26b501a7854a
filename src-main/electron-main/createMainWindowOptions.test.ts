import { describe, expect, it } from 'vitest'
import { createMainWindowOptions } from './createMainWindowOptions'

describe('createMainWindowOptions', () => {
  const options = createMainWindowOptions('/app/out/preload/index.cjs')
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
  })

  it('loads the given CommonJS preload', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs')
  })

  it('turns off the spellchecker, which downloads dictionaries', () => {
    expect(web.spellcheck).toBe(false)
  })
})
