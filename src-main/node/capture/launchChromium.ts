import { statfs } from 'node:fs/promises'
import type { CaptureBrowser, CdpTransport } from '../ports/CdpTransport'

/** /dev/shm below this keeps Playwright's fallback to the temp dir (Chromium would crash). */
const MIN_SHM_BYTES = 1024 * 1024 * 1024

/** A RAM-backed /dev/shm with room for a tall page's bitmaps (Linux; elsewhere there is none). */
async function roomyShm(): Promise<boolean> {
  try {
    const fs = await statfs('/dev/shm')
    return fs.bavail * fs.bsize >= MIN_SHM_BYTES
  } catch {
    return false
  }
}

/**
 * Flags for a capture browser run as root on a server or a journalist's laptop:
 * - no sandbox (root cannot have Chromium's; the page runs in a throwaway session instead),
 *   no GPU, no background traffic, updates, sync or first-run screens;
 * - nothing of the page on disk: the HTTP disk cache is sent to /dev/null and kept at one
 *   byte, and crash dumps are off (a crash dump would hold the page's memory);
 * - one renderer process tree for the page and its iframes, so every request of the page
 *   reaches the one CDP session the engine listens to (the HAR is complete).
 * No --disable-features here: Chromium keeps only the last one, and Playwright's own list
 * (HTTPS upgrades off, a Fetch-interception workaround) must stay in force.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
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
  '--hide-scrollbars',
  '--mute-audio'
] as const

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
}

/** What chromium.launch is given: the flags above, headless, Playwright's defaults amended. */
export async function chromiumLaunchOptions(options: LaunchOptions): Promise<LaunchOptionsOf> {
  return {
    executablePath: options.executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    ignoreDefaultArgs: [
      // Playwright turns Chromium's popup blocker off; captures want it on.
      '--disable-popup-blocking',
      // Playwright moves Chromium's shared memory (rendered pages among it) from /dev/shm to
      // the temp dir, for containers with a tiny /dev/shm. The temp dir is often a disk.
      ...((await roomyShm()) ? ['--disable-dev-shm-usage'] : [])
    ],
    timeout: options.launchTimeoutMs ?? 30_000,
    handleSIGINT: true,
    handleSIGTERM: true,
    handleSIGHUP: true
  }
}

type PlaywrightBrowser = Awaited<
  ReturnType<(typeof import('playwright-core'))['chromium']['launch']>
>
type LaunchOptionsOf = NonNullable<
  Parameters<(typeof import('playwright-core'))['chromium']['launch']>[0]
>

/**
 * Starts a system Chromium through Playwright's CDP, headless. Each page it opens lives in
 * its own incognito context: cookies, storage and cache are in memory and die with the page.
 * Playwright's own profile and artifacts directories (in the OS temp dir) are removed when
 * the browser closes; see src-main/node/capture/README.md for what touches the disk.
 */
export async function launchChromium(options: LaunchOptions): Promise<CaptureBrowser> {
  // Loaded here, not at the top: every other command starts without Playwright.
  const { chromium } = await import('playwright-core')
  let browser: PlaywrightBrowser
  try {
    browser = await chromium.launch(await chromiumLaunchOptions(options))
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new BrowserLaunchError(options.executablePath, message.split('\n')[0] ?? message)
  }
  return playwrightCaptureBrowser(browser)
}

/** Pages to capture from a Chromium that Playwright launched, each in its own context. */
export function playwrightCaptureBrowser(browser: PlaywrightBrowser): CaptureBrowser {
  return {
    async openPage(): Promise<CdpTransport> {
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
          await session.detach().catch(() => undefined)
          await context.close()
        }
      }
    },
    async close(): Promise<void> {
      await browser.close()
    }
  }
}
