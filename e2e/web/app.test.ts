import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Language } from '../../src-main/common/contract/DalelApi'
import { translate } from '../../src-main/common/i18n/translate'
import type { MessageKey, MessageParams } from '../../src-main/common/i18n/translate'
import { SettingsStore } from '../../src-main/node/api/SettingsStore'
import { createApiHandlers } from '../../src-main/node/api/createApiHandlers'
import type { CaptureBrowser } from '../../src-main/node/ports/CdpTransport'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import { VaultService } from '../../src-main/node/services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { ARTICLE_TITLE, CaptureFixtures, KAZAKH_SENTENCE } from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM, suiteName } from '../fixtures/captureTestKit'
import { makeTestPki } from '../fixtures/testCertificates'
import type { TestPki } from '../fixtures/testCertificates'
import { PageEvents, bindDalel } from './bindDalel'
import { buildRenderer } from './buildRenderer'
import { serveRenderer } from './serveRenderer'
import type { RendererServer } from './serveRenderer'

/**
 * The built renderer in headless Chromium, with `window.dalel` bound through Playwright to
 * the real handlers over the real services: a vault on disk, captures of local fixture pages
 * by a second Chromium. One walk through every first screen, as a journalist would take it,
 * in Kazakh; at each screen a screenshot in each language goes to test-results/screens.
 */

/** The flags of the UI browser: the capture browser's basics, nothing of the page on disk. */
const UI_BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]
const SCREENS_DIR = join('test-results', 'screens')
/** The walk's language; each screen is also shot in the others. */
const WALK: Language = 'kk'
const LANGUAGE_BUTTONS: Record<Language, string> = {
  kk: 'Қазақша',
  ru: 'Русский',
  en: 'English'
}

/** What the page shows when a key is missing from a catalog: the key itself. */
const UNTRANSLATED = /(^|\s)(ui|field|error|kind|incident|report|captureOutcome)\.[a-zA-Z-]+/

const t = (key: MessageKey, params?: MessageParams) => translate(WALK, key, params)

describe.skipIf(TEST_CHROMIUM === null)(suiteName('the desktop UI in Chromium (e2e/web)'), () => {
  const fixtures = new CaptureFixtures()
  const events = new PageEvents()
  const service = new VaultService({ clock: { now: () => new Date() } })
  const pageErrors: string[] = []
  let dir = ''
  let pki: TestPki
  let server: RendererServer | undefined
  let origin = ''
  let context: BrowserContext | undefined
  let page: Page
  let captureBrowser: CaptureBrowser | null = null

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dalel-web-'))
    pki = makeTestPki(dir)
    await mkdir(SCREENS_DIR, { recursive: true })
    await Promise.all([fixtures.start(pki), buildRenderer(join(dir, 'renderer'))])
    const served = await serveRenderer(join(dir, 'renderer'), (seq, index) =>
      service.previewAttachment(seq, index)
    )
    server = served
    origin = served.origin
    const settings = await SettingsStore.open(join(dir, 'config', 'settings.json'))
    const handlers = createApiHandlers({
      service,
      settings,
      captureBrowser: async () => {
        captureBrowser ??= await launchChromium({
          executablePath: TEST_CHROMIUM ?? '',
          extraArgs: [`--ignore-certificate-errors-spki-list=${pki.leafSpki}`]
        })
        return captureBrowser
      },
      emit: events.emit,
      toolVersion: '0.0.0-e2e',
      kdfLimits: TEST_KDF
    })
    const ui = await chromium.launchPersistentContext(join(dir, 'ui-profile'), {
      executablePath: TEST_CHROMIUM ?? '',
      headless: true,
      args: UI_BROWSER_ARGS,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      locale: 'en-US',
      timeout: 30_000
    })
    context = ui
    await bindDalel(ui, handlers, { origin, version: '0.0.0-e2e' })
    page = ui.pages()[0] ?? (await ui.newPage())
    page.setDefaultTimeout(15_000)
    page.on('pageerror', (error) => pageErrors.push(error.message))
    events.attach(page)
  })

  afterAll(async () => {
    await context?.close()
    await captureBrowser?.close()
    await server?.close()
    await service.lock()
    await fixtures.close()
    await rm(dir, { recursive: true, force: true })
  })

  /**
   * The current screen, full page, in every language; the page is left in the walk's. In
   * each, nothing may stick out sideways (long Kazakh words) and no message key may show
   * in place of its text (a string missing from a catalog).
   */
  async function shoot(screen: string): Promise<void> {
    for (const language of ['kk', 'ru', 'en'] as const) {
      await page.getByRole('button', { name: LANGUAGE_BUTTONS[language], exact: true }).click()
      await page.waitForFunction((lang) => document.documentElement.lang === lang, language)
      const layout = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        text: document.body.innerText
      }))
      expect(layout.overflow, `${language}-${screen} is wider than the window`).toBeLessThanOrEqual(
        0
      )
      expect(layout.text, `${language}-${screen} shows a message key`).not.toMatch(UNTRANSLATED)
      await page.screenshot({
        path: join(SCREENS_DIR, `${language}-${screen}.png`),
        fullPage: true,
        animations: 'disabled'
      })
    }
    await page.getByRole('button', { name: LANGUAGE_BUTTONS[WALK], exact: true }).click()
    await page.waitForFunction((lang) => document.documentElement.lang === lang, WALK)
  }

  const heading = (key: MessageKey, params?: MessageParams) =>
    page.getByRole('heading', { level: 1, name: t(key, params) })
  const button = (key: MessageKey, params?: MessageParams) =>
    page.getByRole('button', { name: t(key, params), exact: true })
  const field = (label: string) => page.getByLabel(label, { exact: true })
  const alert = () => page.getByRole('alert')

  it('walks create → note → incident → capture → view → lock → unlock, in three languages', async () => {
    const vaultDir = join(dir, 'Дәлел қоймасы')
    await page.goto(`${origin}/`)

    // Create: no vault remembered, so the page starts here. Passphrases that differ are
    // refused in words before anything is written.
    await page.getByRole('button', { name: LANGUAGE_BUTTONS[WALK], exact: true }).click()
    await heading('ui.create.title').waitFor()
    await field(t('ui.vaultFolder')).fill(vaultDir)
    await field(t('ui.create.author')).fill('Айгерим Сапарова')
    await field(t('ui.passphrase')).fill(TEST_PASSPHRASE)
    await field(t('ui.passphrase.repeat')).fill('басқа құпия сөз')
    await button('ui.create.submit').click()
    expect(await alert().textContent()).toBe(t('ui.passphrase.differ'))
    await field(t('ui.passphrase.repeat')).fill(TEST_PASSPHRASE)
    await page.getByText(t('ui.strength.strong')).waitFor()
    await shoot('create')
    await button('ui.create.submit').click()

    // The recovery code, once; the way on opens only after "I have written it down".
    await heading('ui.recovery.title').waitFor()
    const recoveryCode =
      (await page.getByLabel(t('ui.recovery.codeLabel'), { exact: true }).textContent()) ?? ''
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/)
    expect(await button('ui.recovery.continue').isDisabled()).toBe(true)
    await shoot('recovery')
    await page.getByLabel(t('ui.recovery.confirm')).check()
    await button('ui.recovery.continue').click()

    await heading('ui.entries.title').waitFor()
    await page.getByText(t('ui.entries.empty')).waitFor()
    await shoot('entries-empty')

    // A note.
    await button('ui.entries.addNote').click()
    await heading('ui.note.title').waitFor()
    await field(t('field.title')).fill('Редакцияға қоңырау')
    await field(t('ui.form.occurredAt')).fill('2026-02-28T18:30')
    await field(t('field.body')).fill(
      'Әкімдіктен қоңырау шалып, аккредитациядан айырамыз деп қорқытты.'
    )
    await field(t('field.tags')).fill('қоқан-лоқы, телефон')
    await shoot('note')
    await button('ui.note.submit').click()
    await heading('ui.entries.title')
      .or(page.getByRole('heading', { name: 'Редакцияға қоңырау' }))
      .waitFor()
    await page.getByText('аккредитациядан айырамыз').waitFor()
    await shoot('note-entry')
    await button('ui.back').click()

    // An incident, every structured field filled in, two officials.
    await button('ui.entries.addIncident').click()
    await heading('ui.incident.title').waitFor()
    await field(t('field.title')).fill('Редакциядағы тінту')
    await field(t('field.incidentType')).selectOption('search')
    await field(t('ui.form.occurredAt')).fill('2026-03-01T07:00')
    await field(t('field.place')).fill('Алматы, Абай даңғылы 10, редакция')
    await field(t('ui.incident.body')).fill('Таңғы сағат жетіде полиция келді.')
    await field(t('field.peopleInvolved')).fill('Айгерим Сапарова\nНұрлан Әбдіқадыров')
    await field(t('field.witnesses')).fill('Көрші Гүлнар')
    const official = (n: number) =>
      page.getByRole('group', { name: t('ui.incident.official', { number: n }), exact: true })
    await official(1).getByLabel(t('field.name'), { exact: true }).fill('Иванов И.И.')
    await official(1).getByLabel(t('field.position'), { exact: true }).fill('майор')
    await official(1).getByLabel(t('field.unit'), { exact: true }).fill('Алматы қаласы ПД')
    await button('ui.incident.addOfficial').click()
    await official(2).getByLabel(t('field.unit'), { exact: true }).fill('ҰҚК')
    await field(t('field.legalBasisShown')).fill('Сот қаулысы № 12-345')
    await field(t('field.itemsSeized')).fill('ноутбук\nтелефон\nқатты диск')
    await field(t('field.lawyersAdmitted')).fill('Серіков А.')
    await field(t('field.lawyersRefused')).fill('Ахметова Д.')
    await field(t('field.tags')).fill('тінту')
    await shoot('incident')
    await button('ui.incident.submit').click()
    await page.getByRole('heading', { level: 1, name: 'Редакциядағы тінту' }).waitFor()
    await shoot('incident-entry')
    const incident = service.list({ kinds: ['incident'] })[0]?.entry
    expect(incident?.kind === 'incident' ? incident.payload : null).toEqual({
      type: 'search',
      body: 'Таңғы сағат жетіде полиция келді.',
      place: 'Алматы, Абай даңғылы 10, редакция',
      peopleInvolved: ['Айгерим Сапарова', 'Нұрлан Әбдіқадыров'],
      officials: [
        { name: 'Иванов И.И.', position: 'майор', unit: 'Алматы қаласы ПД' },
        { unit: 'ҰҚК' }
      ],
      legalBasisShown: 'Сот қаулысы № 12-345',
      itemsSeized: ['ноутбук', 'телефон', 'қатты диск'],
      lawyersAdmitted: ['Серіков А.'],
      lawyersRefused: ['Ахметова Д.'],
      witnesses: ['Көрші Гүлнар'],
      tags: ['тінту']
    })
    expect(incident?.occurredAt).toBe(new Date('2026-03-01T07:00').toISOString())
    await button('ui.back').click()

    // Two pages captured by the second Chromium, with a line of progress for each.
    await button('ui.entries.capture').click()
    await heading('ui.capture.title').waitFor()
    const urls = [`${fixtures.https}/article`, `${fixtures.http}/marker/second-page`]
    await field(t('ui.capture.urls')).fill(urls.join('\n'))
    await shoot('capture')
    await button('ui.capture.submit').click()
    await page.locator('.capture-progress li.loading').first().waitFor()
    await page.getByText(t('ui.capture.busy')).waitFor()
    await shoot('capture-progress')
    await page.getByText(t('ui.capture.done', { count: 2 })).waitFor({ timeout: 45_000 })
    await shoot('capture-done')
    const stages = events.log.flatMap((e) =>
      e.event === 'captureProgress' ? [(e.payload as { stage: string }).stage] : []
    )
    expect(stages).toEqual(['loading', 'recorded', 'loading', 'recorded'])

    // The first capture: its screenshot from /attachment/…, loaded, and its facts.
    const capture = service.list({ kinds: ['web-capture'] }).at(-1)
    const seq = capture?.seq ?? 0
    await button('ui.capture.open', { seq }).click()
    await page.getByRole('heading', { level: 1, name: ARTICLE_TITLE }).waitFor()
    const shot = page.getByRole('img', {
      name: t('ui.entry.screenshotAlt', { title: ARTICLE_TITLE })
    })
    await shot.waitFor()
    await page.waitForFunction(
      () => document.querySelector<HTMLImageElement>('figure.screenshot img')?.complete === true
    )
    const natural = await shot.evaluate((img) => (img as HTMLImageElement).naturalWidth)
    const entry = capture?.entry
    const payload = entry?.kind === 'web-capture' ? entry.payload : null
    expect(natural).toBe(payload?.viewport.width)
    expect(server?.requests).toContain(
      `/attachment/${seq}/${entry?.attachments.findIndex((a) => a.role === 'screenshot-viewport')}`
    )
    const facts = (await page.locator('dl.facts').first().textContent()) ?? ''
    expect(facts).toContain(`${fixtures.https}/article`)
    expect(facts).toContain('200 OK')
    expect(facts).toContain(payload?.tls?.protocol ?? 'no TLS recorded')
    expect(facts).toContain('CN=')
    expect(facts).toContain(payload?.tls?.certificates[0]?.sha256 ?? 'no certificate')
    expect(await page.getByText(capture?.link.chain ?? 'no chain').count()).toBe(1)
    await shoot('capture-entry')
    await button('ui.back').click()

    // The list, then a search that finds the page by a Kazakh word of its text.
    await page.getByText(t('ui.entries.count', { count: 4 })).waitFor()
    await shoot('entries')
    // A small laptop window: the header and the toolbar wrap, nothing overflows.
    await page.setViewportSize({ width: 800, height: 700 })
    await shoot('entries-narrow')
    await page.setViewportSize({ width: 1280, height: 800 })
    const searchWord = 'әріптестеріміздің'
    expect(KAZAKH_SENTENCE).toContain(searchWord)
    await page.getByRole('searchbox', { name: t('ui.entries.search') }).fill(searchWord)
    await page.getByRole('button', { name: t('ui.entries.searchButton'), exact: true }).click()
    await page.getByText(t('ui.entries.found', { count: 1, query: searchWord })).waitFor()
    expect(await page.getByRole('button', { name: ARTICLE_TITLE }).count()).toBe(1)
    await shoot('search')

    // Lock: keys wiped in the service, everything of the vault gone from the page.
    await button('ui.lock').click()
    await heading('ui.unlock.title').waitFor()
    await page.getByText(t('ui.locked.user')).waitFor()
    expect(() => service.summary()).toThrow('vault-locked')
    const afterLock = (await page.locator('body').textContent()) ?? ''
    for (const secret of ['Редакцияға қоңырау', 'Редакциядағы тінту', ARTICLE_TITLE, recoveryCode])
      expect(afterLock).not.toContain(secret)
    expect(await field(t('ui.vaultFolder')).inputValue()).toBe(vaultDir)
    await shoot('unlock')

    // A wrong passphrase: a clear message, translated; then the right one.
    await field(t('ui.passphrase')).fill('қате құпия сөз')
    await button('ui.unlock.submit').click()
    expect(await alert().textContent()).toBe(t('error.wrong-passphrase'))
    await shoot('unlock-error')
    await field(t('ui.passphrase')).fill(TEST_PASSPHRASE)
    await button('ui.unlock.submit').click()
    await page.getByText(t('ui.entries.count', { count: 4 })).waitFor()

    // A lock the page did not ask for (idle, sleep, panic) arrives as an event.
    await service.lock()
    events.emit('locked', { reason: 'idle' })
    await page.getByText(t('ui.locked.idle')).waitFor()
    await shoot('unlock-idle')

    // The recovery code shown at creation opens the vault too.
    await page.getByLabel(t('ui.unlock.withCode'), { exact: true }).check()
    await field(t('ui.recoveryCode')).fill(recoveryCode.toLowerCase())
    await button('ui.unlock.submit').click()
    await page.getByText(t('ui.entries.count', { count: 4 })).waitFor()

    // After a reload the language is still the walk's (saved with setSettings).
    await page.reload()
    await heading('ui.entries.title').waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(WALK)
    expect(pageErrors).toEqual([])
  }, 120_000)

  it('gives the page no Node, and its CSP blocks a request to another server', async () => {
    await page.goto(`${origin}/`)
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined'
    )
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined'
    )
    const probe = `${fixtures.http}/marker/csp-probe`
    const outcome = await page.evaluate(async (url) => {
      const violations: string[] = []
      document.addEventListener('securitypolicyviolation', (event) => {
        violations.push(event.effectiveDirective)
      })
      let fetched = false
      try {
        await fetch(url)
        fetched = true
      } catch {
        fetched = false
      }
      // The event is queued as a task; give it one.
      await new Promise((resolve) => setTimeout(resolve, 200))
      return { fetched, violations }
    }, probe)
    // Refused before it left the page, by connect-src (once per policy: the header's and the
    // page's own <meta>, which agree).
    expect(outcome.fetched).toBe(false)
    expect(outcome.violations.length).toBeGreaterThan(0)
    expect(new Set(outcome.violations)).toEqual(new Set(['connect-src']))
    expect(fixtures.hits.get('/marker/csp-probe')).toBeUndefined()
  })
})
