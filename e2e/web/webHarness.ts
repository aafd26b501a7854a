import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import type { Language } from '../../src-main/common/contract/DalelApi'
import { translate } from '../../src-main/common/i18n/translate'
import type { MessageKey, MessageParams } from '../../src-main/common/i18n/translate'
import { SettingsStore } from '../../src-main/node/api/SettingsStore'
import { createApiHandlers } from '../../src-main/node/api/createApiHandlers'
import type { ApiDeps, ApiHandlers } from '../../src-main/node/api/createApiHandlers'
import type { CaptureBrowser } from '../../src-main/node/ports/CdpTransport'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import { VaultService } from '../../src-main/node/services/VaultService'
import { SealThreadPool } from '../../src-main/node/crypto/SealThreadPool'
import type { VaultServiceDeps } from '../../src-main/node/services/ServiceScope'
import { TEST_KDF, TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { CaptureFixtures } from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM } from '../fixtures/captureTestKit'
import { makeTestPki } from '../../src-main/node/testing/testCertificates'
import { PageEvents, bindDalel } from './bindDalel'
import { buildRenderer } from './buildRenderer'
import { serveRenderer } from './serveRenderer'
import type { RendererServer } from './serveRenderer'

/** The flags of the UI browser: the capture browser's basics, nothing of the page on disk. */
const UI_BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]
export const SCREENS_DIR = join('test-results', 'screens')
const AXE_REPORT = join('test-results', 'axe.json')
/** The window the screens are shot and checked at: a small laptop. */
export const SMALL = { width: 1024, height: 700 }
/** and a large monitor, for a second look */
export const LARGE = { width: 1920, height: 1080 }
/**
 * The zone the UI browser runs in: Aqtobe keeps UTC+5 all year, so times on the page are
 * not the UTC ones (Almaty moved from +6 in 2024, and not every tz database knows yet).
 */
export const UI_TIME_ZONE = 'Asia/Aqtobe'

export const LANGUAGE_BUTTONS: Record<Language, string> = {
  kk: 'Қазақша',
  ru: 'Русский',
  en: 'English'
}

/** What the page shows when a key is missing from a catalog: the key itself. */
const UNTRANSLATED = /(^|\s)(ui|field|error|kind|incident|report|captureOutcome)\.[a-zA-Z-]+/

/** WCAG 2.0, 2.1 and 2.2, levels A and AA, as axe-core tags them. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/**
 * The built renderer in headless Chromium, with `window.dalel` bound through Playwright to
 * the real handlers over the real services: a vault on disk, captures of local fixture
 * pages by a second Chromium.
 */
export class WebHarness {
  readonly fixtures = new CaptureFixtures()
  readonly events = new PageEvents()
  readonly service: VaultService
  readonly pageErrors: string[] = []
  /** axe-core's findings per screen and language, written to test-results/axe.json */
  readonly axe: Record<string, AxeViolation[]> = {}
  dir = ''
  origin = ''
  page!: Page
  handlers!: ApiHandlers
  settings!: SettingsStore
  server: RendererServer | undefined
  private context: BrowserContext | undefined
  private captureBrowser: CaptureBrowser | null = null
  private axeSource = ''

  constructor(
    /** the walk's language; each screen is also shot in the others */
    readonly walk: Language,
    private readonly overrides: Partial<ApiDeps> = {},
    /** the service's capabilities a suite replaces: a clock, the drives, a failing drive */
    serviceDeps: Partial<VaultServiceDeps> = {}
  ) {
    // As the app's: threads for large attachments kept while a vault is open.
    this.service = new VaultService({
      clock: { now: () => new Date() },
      sealThreads: new SealThreadPool(),
      ...serviceDeps
    })
  }

  async start(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'dalel-web-'))
    const pki = makeTestPki(this.dir)
    await mkdir(join(SCREENS_DIR, 'large'), { recursive: true })
    await Promise.all([this.fixtures.start(pki), buildRenderer(join(this.dir, 'renderer'))])
    const require = createRequire(import.meta.url)
    this.axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8')
    const served = await serveRenderer(join(this.dir, 'renderer'), (seq, index) =>
      this.service.previewAttachment(seq, index)
    )
    this.server = served
    this.origin = served.origin
    this.settings = await SettingsStore.open(join(this.dir, 'config', 'settings.json'))
    this.handlers = createApiHandlers({
      service: this.service,
      settings: this.settings,
      captureBrowser: async () => {
        this.captureBrowser ??= await launchChromium({
          executablePath: TEST_CHROMIUM ?? '',
          extraArgs: [`--ignore-certificate-errors-spki-list=${pki.leafSpki}`]
        })
        return this.captureBrowser
      },
      emit: this.events.emit,
      toolVersion: '0.0.0-e2e',
      kdfLimits: TEST_KDF,
      ...this.overrides
    })
    const ui = await chromium.launchPersistentContext(join(this.dir, 'ui-profile'), {
      executablePath: TEST_CHROMIUM ?? '',
      headless: true,
      args: UI_BROWSER_ARGS,
      viewport: SMALL,
      deviceScaleFactor: 1,
      locale: 'en-US',
      timezoneId: UI_TIME_ZONE,
      timeout: 30_000
    })
    this.context = ui
    await bindDalel(ui, this.handlers, {
      origin: this.origin,
      version: '0.0.0-e2e',
      dropDir: join(this.dir, 'dropped')
    })
    this.page = ui.pages()[0] ?? (await ui.newPage())
    this.page.setDefaultTimeout(15_000)
    this.page.on('pageerror', (error) => this.pageErrors.push(error.message))
    this.events.attach(this.page)
  }

  /** A new vault in the harness's folder, unlocked: the test passphrase, the test KDF. */
  async createVault(folder: string, author?: string): Promise<void> {
    await this.service.createVault(join(this.dir, folder), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF,
      ...(author !== undefined ? { author } : {})
    })
  }

  async stop(): Promise<void> {
    await this.writeAxeReport()
    await this.context?.close()
    await this.captureBrowser?.close()
    await this.server?.close()
    await this.service.lock()
    await this.fixtures.close()
    if (this.dir !== '') await rm(this.dir, { recursive: true, force: true })
  }

  t = (key: MessageKey, params?: MessageParams): string => translate(this.walk, key, params)

  tIn = (language: Language, key: MessageKey, params?: MessageParams): string =>
    translate(language, key, params)

  heading(key: MessageKey, params?: MessageParams): Locator {
    return this.page.getByRole('heading', { level: 1, name: this.t(key, params) })
  }

  button(key: MessageKey, params?: MessageParams): Locator {
    return this.page.getByRole('button', { name: this.t(key, params), exact: true })
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true })
  }

  /** The sidebar's link to a screen. */
  nav(key: MessageKey): Locator {
    return this.page
      .getByRole('navigation', { name: this.t('ui.nav.label') })
      .getByRole('button', { name: new RegExp(`^${escapeRegExp(this.t(key))}`) })
  }

  async language(language: Language): Promise<void> {
    await this.page.getByRole('button', { name: LANGUAGE_BUTTONS[language], exact: true }).click()
    await this.page.waitForFunction((lang) => document.documentElement.lang === lang, language)
  }

  /** Fills the date-time field labelled `label` (a fieldset) with local wall-clock parts. */
  async fillDateTime(
    label: string,
    parts: { year: number; month: number; day: number; time?: string }
  ): Promise<void> {
    const group = this.page.getByRole('group', { name: label, exact: true })
    await group.getByLabel(this.t('ui.dateField.year'), { exact: true }).fill(String(parts.year))
    await group
      .getByLabel(this.t('ui.dateField.month'), { exact: true })
      .selectOption(String(parts.month))
    await group.getByLabel(this.t('ui.dateField.day'), { exact: true }).fill(String(parts.day))
    if (parts.time !== undefined)
      await group.getByLabel(this.t('ui.dateField.time'), { exact: true }).fill(parts.time)
  }

  /**
   * The current screen in every language: a full-page screenshot at 1024×700 as
   * test-results/screens/<lang>-<screen>.png (and at 1920×1080 under large/),
   * axe-core's WCAG 2.2 A and AA rules, nothing sticking out sideways, no message key
   * shown instead of its text. The page is left in the walk's language.
   */
  async shoot(screen: string): Promise<void> {
    const page = this.page
    for (const language of ['kk', 'ru', 'en'] as const) {
      await this.language(language)
      const layout = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        text: document.body.innerText
      }))
      expect(layout.overflow, `${language}-${screen} is wider than the window`).toBeLessThanOrEqual(
        0
      )
      expect(layout.text, `${language}-${screen} shows a message key`).not.toMatch(UNTRANSLATED)
      const violations = await this.runAxe()
      this.axe[`${language}-${screen}`] = violations
      expect(violations, `${language}-${screen}: axe-core found WCAG violations`).toEqual([])
      await page.screenshot({
        path: join(SCREENS_DIR, `${language}-${screen}.png`),
        fullPage: true,
        animations: 'disabled'
      })
      await page.setViewportSize(LARGE)
      await page.screenshot({
        path: join(SCREENS_DIR, 'large', `${language}-${screen}.png`),
        fullPage: true,
        animations: 'disabled'
      })
      await page.setViewportSize(SMALL)
    }
    await this.language(this.walk)
  }

  /** axe-core in the page, evaluated over CDP (the page's CSP allows no inline script). */
  private async runAxe(): Promise<AxeViolation[]> {
    const loaded = await this.page.evaluate(() => 'axe' in globalThis)
    if (!loaded) await this.page.evaluate(`${this.axeSource};0`)
    return this.page.evaluate(async (tags) => {
      const axe = (globalThis as unknown as { axe: AxeLike }).axe
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } })
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`)
      }))
    }, AXE_TAGS)
  }

  /**
   * Adds this suite's screens to test-results/axe.json (other suites add theirs). Suites run
   * in parallel workers, so the read-merge-write holds a lock: an mkdir either makes the
   * folder or fails, never both for two processes.
   */
  private async writeAxeReport(): Promise<void> {
    if (Object.keys(this.axe).length === 0) return
    const lock = `${AXE_REPORT}.lock`
    for (let tries = 0; ; tries += 1) {
      try {
        await mkdir(lock)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        // A lock left by a killed run: a merge takes milliseconds, so 200 tries of 50 ms
        // (10 s) means nobody holds it any more.
        if (tries >= 200) break
        await new Promise((done) => setTimeout(done, 50))
      }
    }
    try {
      await this.mergeAxeReport()
    } finally {
      await rm(lock, { recursive: true, force: true })
    }
  }

  private async mergeAxeReport(): Promise<void> {
    let report: Record<string, unknown> = {}
    try {
      report = JSON.parse(await readFile(AXE_REPORT, 'utf8')) as Record<string, unknown>
    } catch {
      report = {}
    }
    const screens = { ...((report.screens as Record<string, unknown> | undefined) ?? {}) }
    for (const [screen, violations] of Object.entries(this.axe)) screens[screen] = violations
    await writeFile(
      AXE_REPORT,
      `${JSON.stringify({ axe: '4.14.1', tags: AXE_TAGS, screens }, null, 2)}\n`
    )
  }
}

interface AxeLike {
  run: (
    context: Document,
    options: { runOnly: { type: 'tag'; values: string[] } }
  ) => Promise<{
    violations: {
      id: string
      impact: string | null
      help: string
      nodes: { target: string[]; failureSummary: string }[]
    }[]
  }>
}

/**
 * The first character of each line `element`'s text is laid out in, as the browser broke it:
 * a character whose box starts lower than the one before it starts a line.
 */
export function lineStarts(element: Locator): Promise<string[]> {
  return element.evaluate((root) => {
    const starts: string[] = []
    let lastTop = -Infinity
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent ?? ''
      for (let i = 0; i < text.length; i += 1) {
        const range = document.createRange()
        range.setStart(node, i)
        range.setEnd(node, i + 1)
        const box = range.getClientRects()[0]
        if (box === undefined || box.width === 0) continue
        if (box.top > lastTop + 1) starts.push(text.charAt(i))
        lastTop = Math.max(lastTop, box.top)
      }
    }
    return starts
  })
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
