import { join } from 'node:path'
import { _electron } from 'playwright-core'
import type { ElectronApplication, Page } from 'playwright-core'
import type { DalelBridge } from '../../src-main/common/contract/DalelApi'
import { findElectronBinary } from '../../scripts/electronBinary.mjs'

/**
 * The e2e/electron suites' harness: the built app (out/, `npm run build`) in the downloaded
 * Electron binary, driven by Playwright. Where the binary was never downloaded (GitHub
 * unreachable) or there is no display, the suites skip and say why.
 */

export const ROOT = join(import.meta.dirname, '..', '..')
const binary = findElectronBinary(ROOT)
const noDisplay =
  process.platform === 'linux' &&
  (process.env.DISPLAY ?? '') === '' &&
  (process.env.WAYLAND_DISPLAY ?? '') === ''

/** Why the Electron suites cannot run here, or null when they can. */
export const ELECTRON_SKIP_REASON =
  binary === null
    ? 'Electron binary not installed — GitHub unreachable'
    : noDisplay
      ? 'no display: run under xvfb-run'
      : null

/** A suite's name, with the reason when it is skipped. */
export function electronSuiteName(name: string): string {
  return `${name}${ELECTRON_SKIP_REASON === null ? '' : ` (skipped: ${ELECTRON_SKIP_REASON})`}`
}

declare global {
  interface Window {
    readonly dalel?: DalelBridge
  }
}

export interface LaunchedApp {
  app: ElectronApplication
  /** the main window, its document loaded */
  page: Page
}

/**
 * Starts the app with its settings in `dir` (XDG_CONFIG_HOME and HOME there, never the
 * tester's profile); `env` adds to or overrides the test process's environment.
 */
export async function launchDalelApp(
  dir: string,
  env: Record<string, string> = {}
): Promise<LaunchedApp> {
  if (binary === null) throw new Error(ELECTRON_SKIP_REASON ?? 'no Electron binary')
  const app = await _electron.launch({
    executablePath: binary,
    args: [ROOT],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(dir, 'config'),
      HOME: join(dir, 'home'),
      ...env
    },
    timeout: 60_000
  })
  const page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
  return { app, page }
}

/** The system dialogs answer as the journalist would: each call takes the next answer. */
export async function answerDialogs(
  app: ElectronApplication,
  answers: { save?: string[]; open?: string[][] }
): Promise<void> {
  await app.evaluate(({ dialog }, queued) => {
    const save = [...(queued.save ?? [])]
    const open = [...(queued.open ?? [])]
    dialog.showSaveDialog = () => {
      const filePath = save.shift()
      return Promise.resolve(
        filePath === undefined ? { canceled: true, filePath: '' } : { canceled: false, filePath }
      )
    }
    dialog.showOpenDialog = () => {
      const filePaths = open.shift()
      return Promise.resolve(
        filePaths === undefined ? { canceled: true, filePaths: [] } : { canceled: false, filePaths }
      )
    }
  }, answers)
}
