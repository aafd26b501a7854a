import { rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { browserBinary } from './browserBinary'
import { browserEnvironment, makeBrowserHome, removeBrowserHome } from './browserHome'
import type { BrowserHome } from './browserHome'
import { findRamTempParent } from './ramTempParent'
import type { CaptureBrowser, CdpTransport } from '../ports/CdpTransport'

/**
 * Flags for a capture browser on a server or a journalist's laptop:
 * - no GPU, no background traffic, updates, sync or first-run screens;
 * - nothing of the page on disk: the HTTP disk cache is sent to /dev/null and kept at one
 *   byte, and crash dumps are off (a crash dump would hold the page's memory; see
 *   browserHome for why these two flags are not enough and what makes them so);
 * - one renderer process tree for the page and its iframes, so every request of the page
 *   reaches the one CDP session the engine listens to (the HAR is complete);
 * - a page's JavaScript heap capped at 1 GiB: a page that exhausts memory crashes its own
 *   renderer in seconds instead of pushing the machine into swap (page memory on disk);
 * - `navigator.webdriver` false, as in a reader's Chrome (AutomationControlled off);
 * - one document per frame host (DISABLED_FEATURES), so the page's window has its size
 *   before the page's first script runs.
 * The sandbox flag is chosen per user (sandboxArgs).
 */
/**
 * Playwright 1.65.1's own --disable-features list (its chromiumSwitches.ts), repeated here:
 * Chromium reads only the last --disable-features, and ours comes after Playwright's.
 * HTTPS upgrades off and the Fetch-interception workaround must stay in force; a test reads
 * the running browser's command line and fails when a Playwright upgrade changes the list.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion'
] as const

/**
 * Playwright's list, and RenderDocument. With RenderDocument every navigation, the first one
 * from about:blank included, gets a new frame host and widget, and the browser tells the new
 * widget its window's position and size only after the commit: a script at the top of the
 * page then reads outerWidth and outerHeight as 0 (about 1 load in 7 here, and sometimes even
 * at the load event under load), which no reader's window ever shows. Setting the window's
 * bounds before navigating does not help: the bounds belong to the old widget. Without
 * RenderDocument the navigation commits into the widget that already has them (measured: 30
 * of 30 fresh pages read 1280 × 887 at parse time, against 23–25 of 30 with it).
 */
export const DISABLED_FEATURES = [...PLAYWRIGHT_DISABLED_FEATURES, 'RenderDocument'] as const

export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disk-cache-dir=/dev/null',
  '--disk-cache-size=1',
  '--media-cache-size=1',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--disable-site-isolation-trials',
  '--disable-blink-features=AutomationControlled',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
  // The 1280 × 800 viewport plus Chrome's tabs and toolbar (87 px): headless windows are
  // 800 × 600 otherwise, smaller than the page's own viewport, which no real window is.
  '--window-size=1280,887',
  '--js-flags=--max-old-space-size=1024',
  '--hide-scrollbars',
  '--mute-audio'
] as const

/**
 * Chromium's sandbox stays on unless Dalel runs as root, where Chromium refuses to start
 * with it (root needs --no-sandbox; the page then runs in a throwaway session and a private
 * home, which is all that is left).
 * @param uid process.getuid(); undefined on Windows, where the sandbox always works
 */
export function sandboxArgs(uid: number | undefined): { sandbox: boolean; args: string[] } {
  return uid === 0 ? { sandbox: false, args: ['--no-sandbox'] } : { sandbox: true, args: [] }
}

/** Chromium could not be started: the path, and what it said. */
export class BrowserLaunchError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string
  ) {
    super(`cannot start ${path}: ${detail}`)
    this.name = 'BrowserLaunchError'
  }
}

export interface LaunchOptions {
  executablePath: string
  /** more flags (tests pass --ignore-certificate-errors-spki-list for their own CA) */
  extraArgs?: readonly string[]
  /** ms; 30 s unless given */
  launchTimeoutMs?: number
  /** where LANG, PATH, DISPLAY and WAYLAND_DISPLAY are taken from; process.env unless given */
  env?: NodeJS.ProcessEnv
}

type PlaywrightBrowser = Awaited<
  ReturnType<(typeof import('playwright-core'))['chromium']['launch']>
>
type LaunchOptionsOf = NonNullable<
  Parameters<(typeof import('playwright-core'))['chromium']['launch']>[0]
>

/**
 * What chromium.launch is given: the real browser binary (not a distribution's launcher
 * script), the flags above, headless, a minimal environment pointing at `home`, and
 * Playwright's defaults amended. Playwright's signal handlers are off: launchChromium's own
 * close the browser and remove `home` before the process ends.
 */
export async function chromiumLaunchOptions(
  options: LaunchOptions,
  home: BrowserHome
): Promise<LaunchOptionsOf> {
  const sandbox = sandboxArgs(process.getuid?.())
  return {
    executablePath: await browserBinary(options.executablePath),
    headless: true,
    chromiumSandbox: sandbox.sandbox,
    args: [...CHROMIUM_ARGS, ...sandbox.args, ...(options.extraArgs ?? [])],
    ignoreDefaultArgs: [
      // Playwright turns Chromium's popup blocker off; captures want it on.
      '--disable-popup-blocking',
      // Playwright moves Chromium's shared memory (rendered pages among it) from /dev/shm to
      // the temp dir, for containers with a tiny /dev/shm. The temp dir is often a disk.
      ...((await findRamTempParent()) !== null ? ['--disable-dev-shm-usage'] : [])
    ],
    env: browserEnvironment(options.env ?? process.env, home),
    timeout: options.launchTimeoutMs ?? 30_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false
  }
}

/** How long closing one page may take before the browser is killed and replaced, ms. */
export const PAGE_CLOSE_MS = 2000
/** How long opening a page may take before the browser is killed and replaced, ms. */
const PAGE_OPEN_MS = 10_000
/** How long the browser may take to close before it is killed, ms. */
const BROWSER_CLOSE_MS = 5000

const TIMED_OUT = Symbol('timed out')

async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => {
      resolve(TIMED_OUT)
    }, ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The capture browsers of this process, closed on SIGINT, SIGTERM and SIGHUP. */
const open = new Set<ChromiumCaptureBrowser>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/**
 * Closes every capture browser and removes its private home, then ends the process with the
 * signal it got (the handler is removed first, so the second raise is the default action).
 * A second signal while closing ends the process at once; `exit` still removes the homes.
 */
function onSignal(signal: NodeJS.Signals): void {
  for (const s of SIGNALS) process.off(s, onSignal)
  void (async () => {
    await Promise.all([...open].map(async (b) => b.close()))
    process.kill(process.pid, signal)
  })()
}

function onExit(): void {
  // Synchronous: the last chance on any exit path that did not close the browser.
  for (const b of open) b.removeHomeNow()
}

function track(browser: ChromiumCaptureBrowser): void {
  if (open.size === 0) {
    for (const s of SIGNALS) process.on(s, onSignal)
    process.on('exit', onExit)
  }
  open.add(browser)
}

function untrack(browser: ChromiumCaptureBrowser): void {
  open.delete(browser)
  if (open.size === 0) {
    for (const s of SIGNALS) process.off(s, onSignal)
    process.off('exit', onExit)
  }
}

/**
 * A system Chromium driven through Playwright's CDP, headless, with a private throwaway home.
 * Each page lives in its own incognito context (cookies, storage and cache in memory, gone
 * with the page). A page that will not close, or a browser that will not open one, gets the
 * browser killed; the next page comes from a new one.
 */
export class ChromiumCaptureBrowser implements CaptureBrowser {
  private current: { browser: PlaywrightBrowser; pid: number | undefined } | undefined
  private starting: Promise<void> | undefined
  private closed = false

  constructor(
    private readonly options: LaunchOptions,
    readonly home: BrowserHome
  ) {}

  /** The browser process now running (tests read its environment); undefined before one. */
  get pid(): number | undefined {
    return this.current?.pid
  }

  /** The Playwright browser now running (the benchmark's bare-minimum runs use it). */
  get playwright(): PlaywrightBrowser | undefined {
    return this.current?.browser
  }

  async start(): Promise<void> {
    this.starting = this.launch()
    try {
      await this.starting
    } finally {
      this.starting = undefined
    }
  }

  private async launch(): Promise<void> {
    // Loaded here, not at the top: every other command starts without Playwright.
    const { chromium } = await import('playwright-core')
    let browser: PlaywrightBrowser
    try {
      browser = await chromium.launch(await chromiumLaunchOptions(this.options, this.home))
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      throw new BrowserLaunchError(this.options.executablePath, message.split('\n')[0] ?? message)
    }
    this.current = { browser, pid: await browserPid(browser) }
  }

  async openPage(): Promise<CdpTransport> {
    if (this.current?.browser.isConnected() !== true) await this.restart()
    const first = await within(this.openIn(this.current?.browser), PAGE_OPEN_MS)
    if (first !== TIMED_OUT) return first
    await this.restart()
    const second = await within(this.openIn(this.current?.browser), PAGE_OPEN_MS)
    if (second === TIMED_OUT)
      throw new BrowserLaunchError(this.options.executablePath, 'the browser opens no page')
    return second
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    // A signal during the launch: let it finish, so that there is a browser to close (and
    // Playwright's profile directory is removed with it) rather than an orphan.
    if (this.starting !== undefined)
      await within(
        this.starting.catch(() => undefined),
        BROWSER_CLOSE_MS
      )
    const current = this.current
    this.current = undefined
    if (current !== undefined) {
      const done = await within(
        current.browser.close().catch(() => undefined),
        BROWSER_CLOSE_MS
      )
      if (done === TIMED_OUT) kill(current.pid)
    }
    await removeBrowserHome(this.home).catch(() => undefined)
    untrack(this)
  }

  /** Removes the private home at once (the process is exiting). */
  removeHomeNow(): void {
    kill(this.current?.pid)
    try {
      rmSync(this.home.root, { recursive: true, force: true })
      rmSync(this.home.tmp, { recursive: true, force: true })
    } catch {
      // Nothing more can be done on the way out.
    }
  }

  private async restart(): Promise<void> {
    const old = this.current
    this.current = undefined
    if (old !== undefined) {
      kill(old.pid)
      await within(
        old.browser.close().catch(() => undefined),
        BROWSER_CLOSE_MS
      )
    }
    await this.start()
  }

  private async openIn(browser: PlaywrightBrowser | undefined): Promise<CdpTransport> {
    if (browser === undefined) throw new Error('no browser')
    const context = await browser.newContext({
      viewport: null,
      acceptDownloads: false,
      serviceWorkers: 'block'
    })
    const page = await context.newPage()
    // Belt and braces behind the popup blocker: a window that opens anyway is closed.
    context.on('page', (other) => {
      if (other !== page) void other.close().catch(() => undefined)
    })
    const session = await context.newCDPSession(page)
    return {
      send: async (method, params) => session.send(method as never, params as never),
      on: (event, handler) => {
        session.on(event as never, handler as never)
      },
      close: async () => {
        // A renderer stuck in a loop usually still lets its context be disposed (the browser
        // process does it); when even that hangs, the whole browser goes.
        // Not session.detach() first: that waits for the page's main thread.
        const done = await within(context.close(), PAGE_CLOSE_MS)
        if (done === TIMED_OUT && this.current?.browser === browser) {
          kill(this.current.pid)
          this.current = undefined
        }
      }
    }
  }
}

function kill(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/** The browser process's id, from the browser itself (SystemInfo). */
async function browserPid(browser: PlaywrightBrowser): Promise<number | undefined> {
  try {
    const session = await browser.newBrowserCDPSession()
    const info = (await session.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[]
    }
    await session.detach()
    return info.processInfo.find((p) => p.type === 'browser')?.id
  } catch {
    return undefined
  }
}

/**
 * Starts a system Chromium for captures (see ChromiumCaptureBrowser), with its private home
 * in the OS temp dir; the home is removed when the browser closes, and on SIGINT, SIGTERM,
 * SIGHUP and exit. See src-main/node/capture/README.md for what touches the disk.
 */
export async function launchChromium(options: LaunchOptions): Promise<ChromiumCaptureBrowser> {
  const root = await mkdtemp(join(tmpdir(), 'dalel-browser-'))
  const home = await makeBrowserHome(root, await findRamTempParent()).catch(
    async (error: unknown) => {
      await rm(root, { recursive: true, force: true })
      throw error
    }
  )
  const browser = new ChromiumCaptureBrowser(options, home)
  track(browser)
  try {
    await browser.start()
  } catch (error) {
    await browser.close()
    throw error
  }
  return browser
}
