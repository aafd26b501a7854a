// The app's speed on a large vault (issue 11): the built renderer in headless Chromium, bound
// to the real handlers over the real services (as e2e/web binds it), on a vault of 100 000
// entries (10 000 with --quick). Three targets:
// - the timeline's first paint after the unlock answers ≤ 300 ms; the machine's own floor in
//   the same run: the first page of the timeline from the service plus painting the same rows
//   as static HTML in the same browser;
// - search as you type, p95 ≤ 100 ms from the debounced query reaching the service to its
//   rows painted (the 150 ms pause after the last keystroke is the screen's choice and is
//   reported apart); the floor: the same queries straight to the service;
// - never more than 200 rows in the page at any scroll position.
// In-page code goes to the browser as text: this program has no DOM types.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'
import type { Language } from '../../src-main/common/contract/DalelApi'
import { translate } from '../../src-main/common/i18n/translate'
import { SettingsStore } from '../../src-main/node/api/SettingsStore'
import { createApiHandlers } from '../../src-main/node/api/createApiHandlers'
import type { ApiHandlers } from '../../src-main/node/api/createApiHandlers'
import { VaultService } from '../../src-main/node/services/VaultService'
import { TEST_KDF } from '../../src-main/node/testing/testVault'
import { Vault } from '../../src-main/node/vault/Vault'
import { PageEvents, bindDalel } from '../../e2e/web/bindDalel'
import { serveRenderer } from '../../e2e/web/serveRenderer'
import type { LargeVault } from './appendBench'
import { PASSPHRASE, UI_VAULT, clock, config } from './benchConfig'
import { noteDraft } from './benchNotes'
import { chromiumOrThrow } from './benchServer'
import type { BenchContext, Measurement, ProfileDetail, SectionResult } from './benchTypes'
import { profileLines, summariseProfile } from './profileSummary'
import { ROOT, log, median, nowMs, percentile } from './benchUtil'

const FIRST_PAINT_TARGET_MS = 300
const SEARCH_P95_TARGET_MS = 100
const MAX_ROWS = 200
const UNLOCKS = 3
/** the rows the timeline screen asks for at once (TimelineScreen's PAGE) */
const PAGE_ROWS = 50
/** typed letter by letter, with a pause longer than the screen's debounce after each */
const SEARCH_WORDS = ['журналист', 'тергеуші', 'evidence']
const KEY_PAUSE_MS = 400
const LANGUAGE: Language = 'en'
const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
  translate(LANGUAGE, key, params)

/**
 * Installed in the page before each timed step: resolves with the wall-clock time (ms since
 * the epoch, the same clock as Date.now() here) of the first frame painted after `ready()`
 * holds — a frame's callback, then a task after it, which runs once that frame is drawn.
 */
const PAINTED_WHEN = `(ready) => new Promise((resolve) => {
  const check = () => {
    if (!ready()) return false
    requestAnimationFrame(() => setTimeout(() => resolve(performance.timeOrigin + performance.now()), 0))
    return true
  }
  if (check()) return
  const observer = new MutationObserver(() => { if (check()) observer.disconnect() })
  observer.observe(document.body, { childList: true, subtree: true, characterData: true })
})`

/**
 * Installed in the page after the bridge: notes when each search's answer reaches the page
 * (the page's wall clock), so a search's time splits into the service, the way back and the
 * page's own work.
 */
const RECEIVED_WHEN = `(() => {
  const received = new Map()
  Object.defineProperty(globalThis, '__benchReceived', { value: received })
  const inner = globalThis.__dalelInvoke
  if (typeof inner !== 'function') return
  globalThis.__dalelInvoke = async (name, arg) => {
    const result = await inner(name, arg)
    const text = name === 'timeline' && arg !== null && typeof arg === 'object' ? arg.text : undefined
    if (typeof text === 'string' && !received.has(text)) received.set(text, performance.timeOrigin + performance.now())
    return result
  }
})()`

/**
 * Compactions while building the UI's own vault: each writes the whole image, so one every
 * 2 000 appends (as measurement 1 does, to look like a vault locked many times) would spend
 * most of a 100 000-entry build re-encrypting it; the UI only needs the entries.
 */
const UI_COMPACT_EVERY = 25_000

/** A vault of `entries` 1 KB notes (TEST Argon2id limits), when no large vault was built. */
async function buildVault(dir: string, entries: number): Promise<void> {
  const { vault } = await Vault.create(
    dir,
    { passphrase: PASSPHRASE, author: 'Bench Journalist', kdfLimits: TEST_KDF },
    { clock }
  )
  try {
    for (let n = 1; n <= entries; n++) {
      await vault.append(noteDraft(n, config.noteBytes))
      if (n % UI_COMPACT_EVERY === 0) await vault.compact()
      if (n % 10_000 === 0) log(`  ui: ${n} / ${entries} entries`)
    }
  } finally {
    await vault.close()
  }
}

/** Where one search's time went, in ms. */
interface SearchStages {
  prefix: string
  /** the keystroke → the query reaching the handler (the screen's pause, React, the binding) */
  keyToService: number
  /** the handler: the argument checked, the service's page, its snippets (wall, then CPU) */
  service: number
  serviceCpu: number
  /** of the handler's wall time, how long this thread was ready to run but waited for a core */
  serviceWait?: number
  /** the answer leaving the handler → arriving in the page */
  back: number
  /** the answer in the page → the frame showing it */
  page: number
}

/**
 * How long this thread has waited, ready to run, for a core (Linux's schedstat run_delay):
 * the part of a wall time that other work on the machine took. Null where it is not kept.
 */
function runQueueWaitMs(): number | null {
  try {
    const waited = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]
    return waited === undefined ? null : Number(waited) / 1e6
  } catch {
    return null
  }
}

/**
 * CPU time so far (ms) of this process and of every process started under it (Chromium's),
 * from /proc, with the clock's 10 ms ticks; null where there is no /proc.
 */
function treeCpuMs(): { self: number; children: number } | null {
  try {
    const stats = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .flatMap((pid) => {
        try {
          // After the command's closing parenthesis: state, ppid, … utime (14th), stime (15th).
          const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
          const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
          return [
            {
              pid: Number(pid),
              ppid: Number(fields[1]),
              ms: (Number(fields[11]) + Number(fields[12])) * 10
            }
          ]
        } catch {
          return []
        }
      })
    const below = new Set([process.pid])
    let children = 0
    for (let grew = true; grew;) {
      grew = false
      for (const stat of stats)
        if (!below.has(stat.pid) && below.has(stat.ppid)) {
          below.add(stat.pid)
          children += stat.ms
          grew = true
        }
    }
    const self = stats.find((stat) => stat.pid === process.pid)?.ms ?? 0
    return { self, children }
  } catch {
    return null
  }
}

/** "median (p95)" of one stage over every search. */
function stageSummary(stages: readonly SearchStages[], pick: (s: SearchStages) => number): string {
  const values = stages.map(pick)
  return `${median(values).toFixed(0)} (${percentile(values, 0.95).toFixed(0)})`
}

/** Rows of the timeline now in the page. */
async function rowsInPage(page: Page): Promise<number> {
  return await page.evaluate<number>(`document.querySelectorAll('.timeline-rows > li').length`)
}

/** The UI section's rows (U1–U3) and details. */
export async function runUiBench(options: BenchContext, large: LargeVault): Promise<SectionResult> {
  const executablePath = await chromiumOrThrow(options.browser)
  const dir = await mkdtemp(join(options.baseDir, 'dalel-bench-ui-'))
  let vaultDir = UI_VAULT ?? large.dir
  if (vaultDir === undefined || !existsSync(join(vaultDir, 'vault.json'))) {
    vaultDir ??= join(dir, 'vault')
    log(`ui: building a ${config.largeEntries}-entry vault in ${vaultDir}`)
    await buildVault(vaultDir, config.largeEntries)
  }
  const service = new VaultService({ clock })
  const settings = await SettingsStore.open(join(dir, 'settings.json'))
  await settings.update({ lastVaultPath: vaultDir, language: LANGUAGE })
  const events = new PageEvents()
  const base = createApiHandlers({
    service,
    settings,
    captureBrowser: () => Promise.reject(new Error('no captures in the benchmark')),
    emit: events.emit,
    toolVersion: 'bench',
    kdfLimits: TEST_KDF
  })
  // When the unlock answers, and when each search reaches the service: the clocks the page's
  // paints are measured from.
  const marks = { unlocked: 0, searches: new Map<string, number>() }
  // Where a search's time goes, per query text (the first call with it): the handler's own
  // wall and CPU time, and when it answered.
  const served = new Map<
    string,
    { wallMs: number; cpuMs: number; waitMs: number | null; answered: number }
  >()
  const handlers: ApiHandlers = {
    ...base,
    unlock: async (args) => {
      const result = await base.unlock(args)
      marks.unlocked = Date.now()
      return result
    },
    timeline: async (args) => {
      const text = (args as { text?: string }).text
      const first = text !== undefined && !marks.searches.has(text)
      if (first) marks.searches.set(text, Date.now())
      const t0 = nowMs()
      const cpu0 = process.cpuUsage()
      const wait0 = runQueueWaitMs()
      const result = await base.timeline(args)
      const cpu = process.cpuUsage(cpu0)
      const wait1 = runQueueWaitMs()
      if (first)
        served.set(text, {
          wallMs: nowMs() - t0,
          cpuMs: (cpu.user + cpu.system) / 1000,
          waitMs: wait0 === null || wait1 === null ? null : wait1 - wait0,
          answered: Date.now()
        })
      return result
    }
  }
  // The renderer `npm run bench` has just built, as the app ships it.
  const renderer = join(ROOT, 'out', 'renderer')
  if (!existsSync(join(renderer, 'index.html')))
    throw new Error(`${renderer} is missing: npm run build first (npm run bench does)`)
  const server = await serveRenderer(renderer, (seq, index) =>
    service.previewAttachment(seq, index)
  )
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
  })
  const firstPaints: number[] = []
  const searchMs: number[] = []
  const fromKeyMs: number[] = []
  const rawFirstPageMs: number[] = []
  const rawSearchMs: number[] = []
  const staticPaints: number[] = []
  const rowCounts: { at: string; rows: number }[] = []
  const stages: SearchStages[] = []
  let searchCpu: { benchMs: number; browserMs: number } | null = null
  let pageProfile: ProfileDetail | null = null
  let entries = 0
  try {
    const context = await browser.newContext({
      viewport: { width: 1024, height: 700 },
      locale: 'en-US'
    })
    await bindDalel(context, handlers, { origin: server.origin, version: 'bench' })
    await context.addInitScript({ content: RECEIVED_WHEN })
    const page = await context.newPage()
    page.setDefaultTimeout(120_000)
    events.attach(page)
    await page.goto(server.origin)
    for (let run = 0; run < UNLOCKS; run++) {
      await page.getByRole('heading', { level: 1, name: t('ui.unlock.title') }).waitFor()
      await page.getByLabel(t('ui.passphrase'), { exact: true }).fill(PASSPHRASE)
      const painted = page.evaluate<number>(
        `(${PAINTED_WHEN})(() => document.querySelector('.timeline-rows > li .title') !== null)`
      )
      await page.getByRole('button', { name: t('ui.unlock.submit'), exact: true }).click()
      const at = await painted
      firstPaints.push(at - marks.unlocked)
      entries = service.summary().entries
      // The floor: the first page straight from the service, on the same unlocked vault.
      const t0 = nowMs()
      service.timeline({ order: 'occurred', limit: PAGE_ROWS, offset: 0 })
      rawFirstPageMs.push(nowMs() - t0)
      log(
        `  ui: unlock ${run + 1}: first paint ${(at - marks.unlocked).toFixed(0)} ms after the unlock answered`
      )
      if (run < UNLOCKS - 1) {
        await page.keyboard.press('Control+Shift+KeyL')
        await page.getByRole('heading', { level: 1, name: t('ui.unlock.title') }).waitFor()
      }
    }

    // The same rows as static HTML, painted by the same browser: what any page of this size
    // costs here.
    const html = (
      await page.evaluate<string>(
        `document.documentElement.outerHTML.replace(/<script[^>]*>.*?<\\/script>/gs, '')`
      )
    ).replace('<head>', `<head><base href="${server.origin}/">`)
    const plain = await context.newPage()
    for (let i = 0; i < 3; i++) {
      const start = Date.now()
      await plain.setContent(html)
      const done = await plain.evaluate<number>(
        `(${PAINTED_WHEN})(() => document.querySelector('.timeline-rows > li') !== null)`
      )
      staticPaints.push(done - start)
    }
    await plain.close()

    // Search as you type.
    const cpuBefore = treeCpuMs()
    // --profile: the page's JavaScript while typing, as a .cpuprofile.
    const profiler = options.profile ? await context.newCDPSession(page) : null
    if (profiler !== null) {
      await profiler.send('Profiler.enable')
      await profiler.send('Profiler.start')
    }
    const search = page.getByRole('searchbox')
    for (const word of SEARCH_WORDS) {
      await search.fill('')
      await search.focus()
      await page.waitForTimeout(KEY_PAUSE_MS)
      for (let i = 1; i <= word.length; i++) {
        const prefix = word.slice(0, i)
        const painted = page.evaluate<number>(
          `(${PAINTED_WHEN})(() => (document.querySelector('.timeline-status')?.textContent ?? '').includes(${JSON.stringify(`“${prefix}”`)}))`
        )
        const typedAt = Date.now()
        await page.keyboard.type(word.charAt(i - 1))
        const at = await painted
        const asked = marks.searches.get(prefix)
        if (asked !== undefined && i >= 2) {
          searchMs.push(at - asked)
          fromKeyMs.push(at - typedAt)
          const received = await page.evaluate<number | null>(
            `globalThis.__benchReceived?.get(${JSON.stringify(prefix)}) ?? null`
          )
          const handled = served.get(prefix)
          if (handled !== undefined && received !== null)
            stages.push({
              prefix,
              keyToService: asked - typedAt,
              service: handled.wallMs,
              serviceCpu: handled.cpuMs,
              ...(handled.waitMs !== null ? { serviceWait: handled.waitMs } : {}),
              back: received - handled.answered,
              page: at - received
            })
          const t1 = nowMs()
          service.timeline({ order: 'occurred', text: prefix, limit: PAGE_ROWS, offset: 0 })
          rawSearchMs.push(nowMs() - t1)
        }
        marks.searches.delete(prefix)
        await page.waitForTimeout(KEY_PAUSE_MS)
      }
    }
    await search.fill('')
    await page.waitForTimeout(KEY_PAUSE_MS)
    const cpuAfter = treeCpuMs()
    if (profiler !== null) {
      const { profile } = await profiler.send('Profiler.stop')
      mkdirSync(options.profileDir, { recursive: true })
      const path = join(options.profileDir, 'ui-search-page.cpuprofile')
      writeFileSync(path, JSON.stringify(profile))
      pageProfile = { path, top: summariseProfile(path, 20) }
      for (const line of profileLines('the page while typing', pageProfile)) log(line)
      await profiler.detach()
    }
    if (cpuBefore !== null && cpuAfter !== null && stages.length > 0) {
      const keys = SEARCH_WORDS.join('').length
      searchCpu = {
        benchMs: (cpuAfter.self - cpuBefore.self) / keys,
        browserMs: (cpuAfter.children - cpuBefore.children) / keys
      }
      log(
        `  ui: CPU per keystroke while typing (all of it, 400 ms apart): this process ${searchCpu.benchMs.toFixed(0)} ms (the service, Playwright), Chromium's processes ${searchCpu.browserMs.toFixed(0)} ms`
      )
    }
    if (stages.length > 0)
      log(
        `  ui: search stages, ms median (p95): key → service ${stageSummary(stages, (s) => s.keyToService)}, service ${stageSummary(stages, (s) => s.service)} (CPU ${stageSummary(stages, (s) => s.serviceCpu)}, waiting for a core ${stageSummary(stages, (s) => s.serviceWait ?? Number.NaN)}), back to the page ${stageSummary(stages, (s) => s.back)}, page → painted ${stageSummary(stages, (s) => s.page)}`
      )

    // Rows in the page, from the top to the first entry and back in jumps.
    const viewport = page.locator('.timeline-viewport')
    const height = Number(await viewport.evaluate('(el) => el.scrollHeight'))
    for (const share of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1, 0.5, 0]) {
      await viewport.evaluate(`(el) => { el.scrollTop = ${Math.round(share * height)} }`)
      await page.waitForTimeout(500)
      rowCounts.push({ at: `${share * 100} %`, rows: await rowsInPage(page) })
    }
  } finally {
    await browser.close()
    await server.close()
    await service.lock()
    await rm(dir, { recursive: true, force: true })
  }

  const firstPaint = median(firstPaints)
  const floorPaint = median(rawFirstPageMs) + median(staticPaints)
  const p95 = percentile(searchMs, 0.95)
  const rawP95 = percentile(rawSearchMs, 0.95)
  const maxRows = Math.max(...rowCounts.map((r) => r.rows))
  const label = entries.toLocaleString('en-US')
  const measurements: Measurement[] = [
    {
      id: 'U1',
      name: `the timeline's first paint after the unlock answers, ${label} entries (median of ${firstPaints.length})`,
      unit: 'ms',
      value: firstPaint,
      baseline: floorPaint,
      baselineName: 'first page from the service + the same rows painted as static HTML',
      target: `≤ ${FIRST_PAINT_TARGET_MS} ms`,
      pass: firstPaint <= FIRST_PAINT_TARGET_MS,
      note: `${(firstPaint / FIRST_PAINT_TARGET_MS).toFixed(2)}× the target; each unlock ${firstPaints.map((ms) => ms.toFixed(0)).join(', ')} ms; the service's first page ${median(rawFirstPageMs).toFixed(1)} ms, static paint ${median(staticPaints).toFixed(0)} ms`
    },
    {
      id: 'U2',
      name: `search as you type, ${label} entries: query reaching the service → rows painted, p95 of ${searchMs.length}`,
      unit: 'ms',
      value: p95,
      baseline: rawP95,
      baselineName: 'the same queries straight to the service, p95',
      target: `p95 ≤ ${SEARCH_P95_TARGET_MS} ms`,
      pass: p95 <= SEARCH_P95_TARGET_MS,
      note: `${(p95 / SEARCH_P95_TARGET_MS).toFixed(2)}× the target; median ${median(searchMs).toFixed(0)} ms; from the keystroke (the screen's 150 ms pause included) median ${median(fromKeyMs).toFixed(0)} ms, p95 ${percentile(fromKeyMs, 0.95).toFixed(0)} ms; words ${SEARCH_WORDS.join(', ')}, prefixes of 2 letters and more`
    },
    {
      id: 'U3',
      name: `rows in the page at any scroll position, ${label} entries (most of ${rowCounts.length} positions)`,
      unit: 'rows',
      value: maxRows,
      target: `≤ ${MAX_ROWS}`,
      pass: maxRows <= MAX_ROWS,
      note: rowCounts.map((r) => `${r.at}: ${r.rows}`).join(', ')
    }
  ]
  return {
    measurements,
    details: {
      firstPaints,
      staticPaints,
      rawFirstPageMs,
      searchMs,
      fromKeyMs,
      rawSearchMs,
      stages,
      searchCpu,
      pageProfile,
      rowCounts
    }
  }
}
