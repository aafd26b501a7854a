import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CaptureFixtures } from '../../../e2e/fixtures/captureFixtureServer'
import { TEST_CHROMIUM, suiteName } from '../../../e2e/fixtures/captureTestKit'
import { makeTestPki } from '../testing/testCertificates'
import { launchChromium } from '../capture/launchChromium'
import type { CaptureBrowser } from '../ports/CdpTransport'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import { VaultService } from './VaultService'

describe.skipIf(TEST_CHROMIUM === null)(suiteName('captureUrls'), () => {
  const fixtures = new CaptureFixtures()
  const service = new VaultService({ clock: steppingClock() })
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  let browser: CaptureBrowser | null = null
  let pagesOpened = 0
  // The real browser, counting the pages the service asks for.
  const counting: CaptureBrowser = {
    openPage: async () => {
      pagesOpened += 1
      browser ??= await launchChromium({ executablePath: TEST_CHROMIUM ?? '' })
      return browser.openPage()
    },
    close: () => Promise.resolve()
  }

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-service-capture-'))
    await fixtures.start(makeTestPki(dir))
    await service.createVault(join(dir, 'vault'), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    })
  })
  afterAll(async () => {
    await service.lock()
    await browser?.close()
    await fixtures.close()
    await remove()
  })

  it('checks every address before opening a page, and records nothing when one is bad', async () => {
    const before = service.summary().entries
    await expect(
      service.captureWeb([`${fixtures.http}/article`, 'file:///etc/passwd'], {
        browser: counting,
        toolVersion: '0.0.0-test'
      })
    ).rejects.toMatchObject({ code: 'invalid-input', params: { field: 'url' } })
    expect(pagesOpened).toBe(0)
    expect(service.summary().entries).toBe(before)
  })

  it('records each URL in order, saying when each page is open and when it is recorded', async () => {
    const heard: string[] = []
    const urls = [`${fixtures.http}/article`, `${fixtures.http}/gone`]
    const views = await service.captureWeb(urls, {
      browser: counting,
      toolVersion: '0.0.0-test',
      timeoutMs: 20_000,
      onStarted: ({ index, total }) => heard.push(`started ${index}/${total}`),
      onRecorded: ({ index, view, payload }) =>
        heard.push(`recorded ${index} #${view.seq} ${payload.outcome}`)
    })
    expect(views.map((v) => v.entry?.kind)).toEqual(['web-capture', 'web-capture'])
    expect(heard).toEqual([
      'started 1/2',
      `recorded 1 #${views[0]?.seq ?? 0} captured`,
      'started 2/2',
      `recorded 2 #${views[1]?.seq ?? 0} http-error`
    ])
    expect(pagesOpened).toBe(2)
  })

  it('stops when cancelled: the loading page is abandoned, nothing is recorded for it, what came before stays', async () => {
    const controller = new AbortController()
    const before = service.summary().entries
    const recorded: string[] = []
    const capture = service.captureWeb(
      [`${fixtures.http}/article`, `${fixtures.http}/hang`, `${fixtures.http}/marker/never`],
      {
        browser: counting,
        toolVersion: '0.0.0-test',
        // Far longer than the test may take: only the cancel can end /hang in time.
        timeoutMs: 120_000,
        signal: controller.signal,
        onRecorded: ({ url }) => recorded.push(url)
      }
    )
    const failed = expect(capture).rejects.toMatchObject({ code: 'capture-cancelled' })
    // Cancel once the server holds the request for /hang: the page is loading it.
    await until(() => (fixtures.hits.get('/hang') ?? 0) > 0)
    const cancelledAt = performance.now()
    controller.abort()
    await failed
    expect(performance.now() - cancelledAt).toBeLessThan(10_000)
    // The browser dropped the request: its connection closed without an answer.
    await until(() => (fixtures.abandoned.get('/hang') ?? 0) > 0)
    expect(recorded).toEqual([`${fixtures.http}/article`])
    expect(service.summary().entries).toBe(before + 1)
    expect(service.list({ kinds: ['web-capture'] })[0]?.entry?.title).not.toContain('hang')
    expect(fixtures.hits.get('/marker/never')).toBeUndefined()
  }, 60_000)
})

/** Resolves once `done()` holds; the test's own timeout bounds it. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20))
}
