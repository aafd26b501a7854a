import type { MessageKey } from '../../common/i18n/translate'
import { findChromium } from '../../node/capture/findChromium'
import { launchChromium } from '../../node/capture/launchChromium'
import type { ProbeProgress, ProbeRun } from '../../node/probe/ProbeRun'
import type { CliContext } from '../CliContext'
import { ExitCode, UsageError } from '../CliContext'
import type { Command, OptionValues } from '../Command'
import { listOption, stringOption } from '../Command'
import { unlockVault } from '../unlockVault'
import { readUrls, timeoutMs } from './captureCommands'

declare const __DALEL_VERSION__: string | undefined

const single = { type: 'string' } as const

/** A whole number of at least 1, or undefined when the option is absent. */
function positive(values: OptionValues, name: string): number | undefined {
  const text = stringOption(values, name)
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError('cli.badNumber', { option: `--${name}` })
  return value
}

/** One line per probe on stderr (a warning unless the site answered), its id on stdout. */
function printProbe(ctx: CliContext, progress: ProbeProgress): void {
  const p = progress.payload
  const outcome = ctx.t(`probeOutcome.${p.outcome}` as MessageKey, { status: p.status ?? '' })
  const line = ctx.t('cli.probe.line', {
    round: progress.round,
    index: progress.index,
    total: progress.total,
    url: progress.url,
    outcome,
    reason: p.reason !== undefined && p.outcome !== 'http-error' ? ` (${p.reason})` : '',
    ms: Date.parse(p.endedAt) - Date.parse(p.startedAt)
  })
  ctx.stderr.write(p.outcome === 'ok' ? `${line}\n` : `${ctx.t('cli.warning')}: ${line}\n`)
  ctx.stdout.write(`${progress.view.id}\n`)
  if (progress.changedFrom !== undefined)
    ctx.stderr.write(
      `${ctx.t('cli.probe.changed', {
        url: progress.url,
        before: ctx.t(`probeOutcome.${progress.changedFrom.outcome}` as MessageKey, {
          status: progress.changedFrom.status ?? ''
        })
      })}\n`
    )
  if (progress.capture !== undefined) {
    ctx.stderr.write(
      `${ctx.t('cli.probe.captured', { url: progress.url, seq: progress.capture.seq })}\n`
    )
    ctx.stdout.write(`${progress.capture.id}\n`)
  }
}

export const probeCommand: Command = {
  name: 'probe',
  usage:
    'dalel probe <vault> <url>… [--urls-file F] [--timeout S] [--every S] [--count N] [--capture-on-change] [--browser PATH] [--about ID]…',
  options: {
    about: { type: 'string', multiple: true },
    'urls-file': single,
    timeout: single,
    every: single,
    count: single,
    'capture-on-change': { type: 'boolean' },
    browser: single
  },
  positionals: { min: 1, max: Infinity },
  async run(ctx, input) {
    const urls = await readUrls(input.values, input.positionals.slice(1))
    const timeout = timeoutMs(input.values)
    const every = positive(input.values, 'every')
    const count = positive(input.values, 'count')
    const about = listOption(input.values, 'about')
    let captureOnChange: ProbeRun['captureOnChange']
    if (input.values['capture-on-change'] === true) {
      const executablePath = await findChromium(ctx.env, stringOption(input.values, 'browser'))
      if (executablePath === null) {
        ctx.stderr.write(`dalel: ${ctx.t('cli.capture.noBrowser')}\n`)
        return ExitCode.error
      }
      // Started only when an outcome changes, and closed after that capture: a series that
      // runs for hours keeps no browser open between changes.
      captureOnChange = { openBrowser: async () => launchChromium({ executablePath }) }
    }
    await unlockVault(ctx, input.positionals[0] ?? '', input.secrets)
    const stop = new AbortController()
    // The first Ctrl+C ends the series once the round under way is recorded; every probe
    // printed so far is already durable, so a second one may end the process at once.
    const onSigint = () => {
      if (stop.signal.aborted) process.exit(130)
      ctx.stderr.write(`\n${ctx.t('cli.probe.stopping')}\n`)
      stop.abort()
    }
    process.on('SIGINT', onSigint)
    try {
      await ctx.service.probeWeb(urls, {
        toolVersion: typeof __DALEL_VERSION__ === 'string' ? __DALEL_VERSION__ : 'dev',
        ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
        ...(every !== undefined ? { everyMs: every * 1000 } : {}),
        ...(count !== undefined ? { count } : {}),
        ...(captureOnChange !== undefined ? { captureOnChange } : {}),
        about,
        signal: stop.signal,
        onRecorded: (progress) => {
          printProbe(ctx, progress)
        }
      })
    } finally {
      process.off('SIGINT', onSigint)
      await ctx.service.lock()
    }
    return ExitCode.ok
  }
}
