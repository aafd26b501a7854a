import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureTempInRam } from '../../src-main/node/services/captureTempInRam'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { WebHarness } from './webHarness'

/**
 * The capture screen says, calmly and in the page's language, when this computer has no RAM
 * directory for a capture's passing files (macOS, Windows, a small /dev/shm) — the answer the
 * app took before its ready event, here given by the test, or this machine's own.
 */
describe.skipIf(TEST_CHROMIUM === null)(suiteName('where captures pass (e2e/web)'), () => {
  /** the app's answer; null: this machine's, as a capture browser started now decides */
  let inRam: boolean | null = null
  /** answers given so far */
  let answered = 0
  const h = new WebHarness('kk', {
    captureTempInRam: async () => {
      const answer = inRam ?? (await captureTempInRam())
      answered += 1
      return answer
    }
  })
  const { t } = h

  beforeAll(async () => {
    await h.start()
    await h.createVault('қойма')
  })

  afterAll(async () => {
    await h.stop()
  })

  /**
   * Opens the capture screen and waits until the page has its answer: the handler answered,
   * and the page has since drawn two frames (the answer's render is committed by then).
   */
  const openCapture = async () => {
    await h.nav('ui.nav.timeline').click()
    await h.heading('ui.timeline.title').waitFor()
    const before = answered
    await h.nav('ui.nav.capture').click()
    await h.heading('ui.capture.title').waitFor()
    for (let i = 0; answered === before; i++) {
      expect(i, 'the capture screen never asked where captures pass').toBeLessThan(500)
      await new Promise((done) => setTimeout(done, 10))
    }
    await h.page.evaluate(
      () =>
        new Promise((done) => {
          requestAnimationFrame(() => requestAnimationFrame(done))
        })
    )
  }
  const notice = () => h.page.locator('.notice.capture-temp')

  it('tells on the capture screen when a page passes through the system temp folder', async () => {
    const { page } = h
    await page.goto(`${h.origin}/`)
    await h.language('kk')
    await h.heading('ui.timeline.title').waitFor()

    inRam = false
    await openCapture()
    await notice().waitFor()
    for (const language of ['kk', 'ru', 'en'] as const) {
      await h.language(language)
      expect(await notice().textContent()).toBe(h.tIn(language, 'ui.capture.tempOnDisk'))
    }
    expect(t('ui.capture.tempOnDisk')).toContain('FileVault')
    await h.language('kk')
    await h.shoot('capture-temp-on-disk')
    // A recheck captures the pages again: its screen says the same.
    await h.nav('ui.nav.recheck').click()
    await h.heading('ui.recheck.title').waitFor()
    await notice().waitFor()

    // In RAM: nothing to say.
    inRam = true
    await openCapture()
    expect(await notice().count()).toBe(0)

    // This machine's own decision (ramTempParent of /dev/shm), as the CLI's browser takes it.
    inRam = null
    const here = await captureTempInRam()
    await openCapture()
    expect(await notice().count()).toBe(here ? 0 : 1)
    expect(h.pageErrors).toEqual([])
  }, 120_000)
})
