import { readTsaCas } from './timestampCommands'
import { vaultFingerprint } from '../../node/services/vaultFingerprint'
import { existsSync } from 'node:fs'
import { DalelError } from '../../common/errors/DalelError'
import type { MessageKey } from '../../common/i18n/translate'
import type { ExportProgress } from '../../node/bundle/exportBundle'
import type { CliContext } from '../CliContext'
import { escapeTerminal } from '../escapeTerminal'
import { megabytes } from '../megabytes'
import { ExitCode, UsageError } from '../CliContext'
import type { Command } from '../Command'
import { listOption, stringOption } from '../Command'
import { unlockVault } from '../unlockVault'
import type { CaptureBrowser } from '../../node/ports/CdpTransport'
import { findChromium } from '../../node/capture/findChromium'
import { BrowserLaunchError, launchChromium } from '../../node/capture/launchChromium'

/**
 * Progress on a terminal only, rewritten in place; a script reading stderr gets just the
 * result lines.
 */
function progressPrinter(ctx: CliContext): ((p: ExportProgress) => void) | undefined {
  if (ctx.stderr.isTTY !== true) return undefined
  let lastPrinted = 0
  return ({ bytesDone, bytesTotal }) => {
    const now = Date.now()
    if (now - lastPrinted < 500 && bytesDone < bytesTotal) return
    lastPrinted = now
    const line = ctx.t('cli.export.progress', {
      percent: bytesTotal === 0 ? 100 : Math.floor((bytesDone / bytesTotal) * 100),
      done: megabytes(ctx.locale, bytesDone),
      total: megabytes(ctx.locale, bytesTotal)
    })
    ctx.stderr.write(`\r${line}`)
  }
}

/**
 * The browser that prints report.pdf. Without one the bundle is still complete and
 * verifiable (report.html is in it), so its absence is a warning, not an error.
 */
async function reportBrowser(ctx: CliContext, explicit?: string): Promise<CaptureBrowser | null> {
  const executablePath = await findChromium(ctx.env, explicit)
  if (executablePath === null) {
    ctx.stderr.write(`${ctx.t('cli.warning')}: ${ctx.t('cli.export.noPdf')}\n`)
    return null
  }
  try {
    return await launchChromium({ executablePath })
  } catch (error) {
    if (!(error instanceof BrowserLaunchError)) throw error
    ctx.stderr.write(
      `${ctx.t('cli.warning')}: ${ctx.t('cli.capture.browserFailed', { path: error.path, detail: error.detail })}\n`
    )
    ctx.stderr.write(`${ctx.t('cli.warning')}: ${ctx.t('cli.export.noPdf')}\n`)
    return null
  }
}

export const exportCommand: Command = {
  name: 'export',
  usage:
    'dalel export <vault> --out F.zip [--entries ID,… | --all] [--recipient R] [--purpose P] ' +
    '[--without-amendments] [--force] [--browser PATH]',
  options: {
    out: { type: 'string' },
    force: { type: 'boolean' },
    'without-amendments': { type: 'boolean' },
    entries: { type: 'string', multiple: true },
    all: { type: 'boolean' },
    recipient: { type: 'string' },
    purpose: { type: 'string' },
    browser: { type: 'string' }
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals, secrets }) {
    const out = stringOption(values, 'out')
    if (out === undefined || out === '')
      throw new UsageError('cli.missingOption', { option: '--out' })
    const refs = listOption(values, 'entries')
      .flatMap((value) => value.split(','))
      .map((ref) => ref.trim())
      .filter((ref) => ref !== '')
    const all = values.all === true
    // Nothing is disclosed by default: a journalist's sources may sit in any entry, so the
    // choice between some entries and all of them is always spoken.
    if (all === refs.length > 0) throw new UsageError('cli.export.chooseEntries')
    const recipient = stringOption(values, 'recipient')
    const purpose = stringOption(values, 'purpose')
    const force = values.force === true
    // Checked before the passphrase is asked for too; the service checks again, atomically.
    if (!force && existsSync(out)) throw new UsageError('cli.exportExists', { path: out })
    const { publicKey } = await unlockVault(ctx, positionals[0] ?? '', secrets)
    const browser = await reportBrowser(ctx, stringOption(values, 'browser'))
    try {
      const { custody, bundle } = await ctx.service.exportBundle(
        {
          out,
          browser,
          entries: all ? 'all' : refs,
          locale: ctx.locale,
          overwrite: force,
          withoutAmendments: values['without-amendments'] === true,
          ...(recipient !== undefined ? { recipient } : {}),
          ...(purpose !== undefined ? { purpose } : {})
        },
        progressPrinter(ctx)
      )
      if (ctx.stderr.isTTY === true) ctx.stderr.write('\n')
      for (const { seq, amendedBy } of bundle.undisclosedAmendments) {
        ctx.stderr.write(
          `${ctx.t('cli.warning')}: ${ctx.t('cli.export.amendmentNotDisclosed', { seq, by: amendedBy })}\n`
        )
      }
      ctx.stderr.write(
        `${ctx.t('cli.export.done', {
          path: bundle.path,
          sha256: bundle.sha256,
          entries: bundle.disclosed.length,
          megabytes: megabytes(ctx.locale, bundle.bytes),
          seq: bundle.head.seq,
          custodySeq: custody.seq
        })}\n`
      )
      ctx.stderr.write(
        `${ctx.t('cli.export.fingerprint', { fingerprint: vaultFingerprint(publicKey) })}\n`
      )
      ctx.stdout.write(`${custody.id}\n`)
    } catch (error) {
      if (error instanceof DalelError && error.code === 'bundle-exists')
        throw new UsageError('cli.exportExists', { path: out })
      throw error
    } finally {
      await browser?.close()
      await ctx.service.lock()
    }
    return ExitCode.ok
  }
}

export const verifyBundleCommand: Command = {
  name: 'verify-bundle',
  usage: 'dalel verify-bundle <F.zip|dir> [--json] [--tsa-ca PEM]…',
  options: { json: { type: 'boolean' }, 'tsa-ca': { type: 'string', multiple: true } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const trustedCas = await readTsaCas(values)
    const report = await ctx.service.verifyBundle(positionals[0] ?? '', { trustedCas })
    // The key as its fingerprint, the characters the journalist read out (`dalel fingerprint`).
    const fingerprint =
      report.manifest === null ? null : vaultFingerprint(report.manifest.publicKey)
    if (values.json === true) {
      ctx.stdout.write(`${JSON.stringify({ ...report, fingerprint }, null, 2)}\n`)
      return report.ok ? ExitCode.ok : ExitCode.verificationFailed
    }
    // Attachments are `<index>.<ext>` in a bundle; the name a reader knows them by is shown
    // with the path wherever it differs (bundles from before named files after it).
    const recorded = new Map(
      report.attachmentNames
        .filter(({ path, name }) => path.slice(path.lastIndexOf('/') + 1) !== name)
        .map((a) => [a.path, a] as const)
    )
    const fileText = (path: string): string => {
      const name = recorded.get(path)?.name
      const shown = escapeTerminal(path, 'escape')
      return name === undefined
        ? shown
        : ctx.t('cli.bundle.problemFile', { path: shown, name: escapeTerminal(name, 'escape') })
    }
    for (const p of report.problems) {
      const where = [
        p.file === undefined ? '' : fileText(p.file),
        p.seq !== undefined ? `#${p.seq}` : ''
      ]
        .filter(Boolean)
        .join(' ')
      ctx.stdout.write(
        `${ctx.t('cli.verify.problem')}: ${where}: ${ctx.t(`bundleProblem.${p.code}` as MessageKey)}\n`
      )
    }
    const m = report.manifest
    ctx.stdout.write(
      `${
        report.ok && m !== null
          ? ctx.t('cli.verifyBundle.ok', {
              bundleId: m.bundleId,
              vaultId: m.vaultId,
              created: m.created,
              exporter: m.exporter === '' ? '—' : escapeTerminal(m.exporter, 'escape'),
              entries: report.entries.length,
              files: report.files,
              seq: m.head.seq,
              chain: m.head.chain,
              fingerprint: fingerprint ?? ''
            })
          : ctx.t('cli.verifyBundle.failed', { problems: report.problems.length })
      }\n`
    )
    // On stderr, after the verdict, so stdout stays the problems and one verdict line (what
    // scripts and `| head -1` read): per disclosed entry, what its trusted timestamp proves,
    // or that it has none.
    // Also on stderr, one line however many there are: that attachments have numbered names
    // here, and where each one's recorded name is (a line per file buried the verdict; a
    // problem line still names its file's recorded name, and --json lists them all).
    if (recorded.size > 0)
      ctx.stderr.write(`${ctx.t('cli.bundle.fileNames', { count: recorded.size })}\n`)
    for (const { seq, timestamp } of report.timestamps)
      ctx.stderr.write(
        `${
          timestamp === null
            ? ctx.t('cli.bundle.notTimestamped', { seq })
            : ctx.t('cli.bundle.timestamped', {
                seq,
                genTime: timestamp.genTime,
                authority: escapeTerminal(timestamp.authority, 'escape'),
                untrusted: timestamp.trusted ? '' : ctx.t('cli.bundle.rootNotTrusted')
              })
        }\n`
      )
    return report.ok && m !== null ? ExitCode.ok : ExitCode.verificationFailed
  }
}
