import { readFile } from 'node:fs/promises'
import type { EntryView } from '../../common/contract/VaultApi'
import type { WebCapturePayload } from '../../common/entry/Entry'
import type { MessageKey } from '../../common/i18n/translate'
import { formatNumber } from '../../common/i18n/formatNumber'
import { findChromium } from '../../node/capture/findChromium'
import { BrowserLaunchError, launchChromium } from '../../node/capture/launchChromium'
import { checkCaptureUrl } from '../../node/capture/WebCaptureRun'
import type { WebCaptureProgress, WebCaptureRun } from '../../node/capture/WebCaptureRun'
import { fsError } from '../../node/fs/fsError'
import type { CliContext } from '../CliContext'
import { ExitCode, UsageError } from '../CliContext'
import type { Command, CommandInput, OptionValues } from '../Command'
import { listOption, stringOption } from '../Command'
import { unlockVault } from '../unlockVault'
import { noTimestampLine, printTimestampOutcome } from './timestampCommands'

declare const __DALEL_VERSION__: string | undefined

const single = { type: 'string' } as const

/** Every address given: the positionals after the vault, then --urls-file, one per line. */
export async function readUrls(values: OptionValues, given: readonly string[]): Promise<string[]> {
  const file = stringOption(values, 'urls-file')
  let fromFile: string[] = []
  if (file !== undefined) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw fsError(error, file)
    }
    // Blank lines and "#" comments are skipped, so a list can be annotated.
    fromFile = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
  }
  const urls = [...given, ...fromFile]
  if (urls.length === 0) throw new UsageError('cli.capture.noUrls')
  // The service checks them again; here a bad one is a usage error naming it, before the unlock.
  for (const url of urls) {
    try {
      checkCaptureUrl(url)
    } catch {
      throw new UsageError('cli.capture.badUrl', { url })
    }
  }
  return urls
}

export function timeoutMs(values: OptionValues): number | undefined {
  const text = stringOption(values, 'timeout')
  if (text === undefined) return undefined
  const seconds = Number(text)
  if (!Number.isSafeInteger(seconds) || seconds < 1)
    throw new UsageError('cli.badNumber', { option: '--timeout' })
  return seconds * 1000
}

/** The progress line of one URL; anything but a plain capture is a warning. */
function printRecorded(ctx: CliContext, progress: WebCaptureProgress): void {
  const p: WebCapturePayload = progress.payload
  const outcome = ctx.t(`captureOutcome.${p.outcome}` as MessageKey, {
    status: p.status ?? '',
    reason: p.reason ?? '',
    seconds: p.timeoutMs === undefined ? '' : Math.round(p.timeoutMs / 1000)
  })
  const common = {
    index: progress.index,
    total: progress.total,
    url: progress.url,
    outcome,
    seconds: formatNumber(ctx.locale, progress.seconds, 1)
  }
  const line =
    p.recheck === undefined
      ? ctx.t('cli.capture.line', common)
      : ctx.t('cli.recheck.line', {
          ...common,
          verdict: ctx.t(`recheckOutcome.${p.recheck.outcome}` as MessageKey, {
            seq: p.recheck.of.seq,
            from: p.recheck.restoredFrom?.seq ?? ''
          })
        })
  const verdict = p.recheck?.outcome
  const warn = p.outcome !== 'captured' || verdict === 'gone' || verdict === 'unavailable'
  ctx.stderr.write(warn ? `${ctx.t('cli.warning')}: ${line}\n` : `${line}\n`)
  ctx.stdout.write(`${progress.view.id}\n`)
}

/**
 * Unlocks the vault, starts the capture browser, runs `record`, and always closes both.
 * The browser starts after the unlock, so a wrong passphrase costs no browser start.
 */
async function withCaptureBrowser(
  ctx: CliContext,
  input: CommandInput,
  record: (run: WebCaptureRun) => Promise<EntryView[]>
): Promise<{ views: EntryView[] } | { exit: ExitCode }> {
  const executablePath = await findChromium(ctx.env, stringOption(input.values, 'browser'))
  if (executablePath === null) {
    ctx.stderr.write(`dalel: ${ctx.t('cli.capture.noBrowser')}\n`)
    return { exit: ExitCode.error }
  }
  const timeout = timeoutMs(input.values)
  await unlockVault(ctx, input.positionals[0] ?? '', input.secrets)
  try {
    let browser
    try {
      browser = await launchChromium({ executablePath })
    } catch (error) {
      if (!(error instanceof BrowserLaunchError)) throw error
      ctx.stderr.write(
        `dalel: ${ctx.t('cli.capture.browserFailed', { path: error.path, detail: error.detail })}\n`
      )
      return { exit: ExitCode.error }
    }
    try {
      const views = await record({
        browser,
        toolVersion: typeof __DALEL_VERSION__ === 'string' ? __DALEL_VERSION__ : 'dev',
        ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
        onRecorded: (progress) => {
          printRecorded(ctx, progress)
        },
        onTimestamped: (outcome) => {
          if (!printTimestampOutcome(ctx, outcome, { printId: false }))
            ctx.stderr.write(`${ctx.t('cli.warning')}: ${noTimestampLine(ctx, outcome)}\n`)
        }
      })
      return { views }
    } finally {
      await browser.close()
    }
  } finally {
    await ctx.service.lock()
  }
}

export const captureCommand: Command = {
  name: 'capture',
  usage:
    'dalel capture <vault> <url>… [--urls-file F] [--timeout S] [--browser PATH] [--about ID]…',
  options: {
    'urls-file': single,
    timeout: single,
    browser: single,
    about: { type: 'string', multiple: true }
  },
  positionals: { min: 1, max: Infinity },
  async run(ctx, input) {
    const urls = await readUrls(input.values, input.positionals.slice(1))
    const about = listOption(input.values, 'about')
    const result = await withCaptureBrowser(ctx, input, (run) =>
      ctx.service.captureWeb(urls, { ...run, about })
    )
    return 'exit' in result ? result.exit : ExitCode.ok
  }
}

export const recheckCommand: Command = {
  name: 'recheck',
  usage: 'dalel recheck <vault> [<id>…] [--timeout S] [--browser PATH]',
  options: { timeout: single, browser: single },
  positionals: { min: 1, max: Infinity },
  async run(ctx, input) {
    const result = await withCaptureBrowser(ctx, input, (run) =>
      ctx.service.recheckWeb(input.positionals.slice(1), run)
    )
    if ('exit' in result) return result.exit
    if (result.views.length === 0) ctx.stderr.write(`${ctx.t('cli.recheck.none')}\n`)
    return ExitCode.ok
  }
}
