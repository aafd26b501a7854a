import { readFile } from 'node:fs/promises'
import type { TimestampOutcome } from '../../common/contract/VaultApi'
import { authorityName } from '../../common/timestamp/anchorCoverage'
import { certificatesFromPem } from '../../common/timestamp/pem'
import type { MessageKey } from '../../common/i18n/translate'
import { fsError } from '../../node/fs/fsError'
import type { CliContext } from '../CliContext'
import { ExitCode, UsageError } from '../CliContext'
import type { Command, OptionValues } from '../Command'
import { listOption } from '../Command'
import { unlockVault } from '../unlockVault'

const repeated = { type: 'string', multiple: true } as const

/** The PEM texts of every --tsa-ca file; a file without a certificate is a usage error. */
export async function readTsaCas(values: OptionValues): Promise<string[]> {
  const pems: string[] = []
  for (const path of listOption(values, 'tsa-ca')) {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      throw fsError(error, path)
    }
    if (certificatesFromPem(text).length === 0)
      throw new UsageError('cli.timestamp.badCa', { file: path })
    pems.push(text)
  }
  return pems
}

function readAuthorities(values: OptionValues): string[] {
  const urls = listOption(values, 'tsa')
  for (const url of urls) {
    let ok = false
    try {
      const parsed = new URL(url)
      ok = parsed.protocol === 'http:' || parsed.protocol === 'https:'
    } catch {
      ok = false
    }
    if (!ok) throw new UsageError('cli.timestamp.badUrl', { url })
  }
  return urls
}

/** Why one authority gave no token, translated. */
function reasonText(ctx: CliContext, reason: string): string {
  return ctx.t(`tokenProblem.${reason}` as MessageKey)
}

/**
 * Prints what a stamping did: one line per authority on stderr and the anchor's id on
 * stdout (not after captures); true when an anchor was recorded.
 */
export function printTimestampOutcome(
  ctx: CliContext,
  outcome: TimestampOutcome,
  options: { printId: boolean } = { printId: true }
): boolean {
  if (outcome.anchor === null) return false
  for (const answer of outcome.answers) {
    const host = authorityName(answer)
    ctx.stderr.write(
      answer.ok
        ? `${ctx.t('cli.timestamp.token', { authority: host, genTime: answer.genTime, seq: outcome.covered.seq })}\n`
        : `${ctx.t('cli.warning')}: ${ctx.t('cli.timestamp.noToken', { authority: host, reason: reasonText(ctx, answer.reason) })}\n`
    )
  }
  // After a capture stdout holds one id per URL, so the anchor's id is not added there.
  if (options.printId) ctx.stdout.write(`${outcome.anchor.id}\n`)
  return true
}

/** The one line that says no authority gave a token, with each one's reason. */
export function noTimestampLine(ctx: CliContext, outcome: TimestampOutcome): string {
  const reasons = outcome.answers
    .map((a) => `${authorityName(a)}: ${a.ok ? 'ok' : reasonText(ctx, a.reason)}`)
    .join('; ')
  return ctx.t('cli.timestamp.none', { count: outcome.answers.length, reasons })
}

export const timestampCommand: Command = {
  name: 'timestamp',
  usage: 'dalel timestamp <vault> [--tsa URL]… [--tsa-ca PEM]…',
  options: { tsa: repeated, 'tsa-ca': repeated },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals, secrets }) {
    const authorities = readAuthorities(values)
    const trustedCas = await readTsaCas(values)
    await unlockVault(ctx, positionals[0] ?? '', secrets)
    let outcome: TimestampOutcome
    try {
      outcome = await ctx.service.timestampHead({ authorities, trustedCas })
    } finally {
      await ctx.service.lock()
    }
    if (printTimestampOutcome(ctx, outcome)) return ExitCode.ok
    ctx.stderr.write(`dalel: ${noTimestampLine(ctx, outcome)}\n`)
    return ExitCode.error
  }
}

export const timestampingCommand: Command = {
  name: 'timestamping',
  usage: 'dalel timestamping <vault> [on|off] [--tsa URL]… [--tsa-ca PEM]…',
  options: { tsa: repeated, 'tsa-ca': repeated },
  positionals: { min: 1, max: 2 },
  async run(ctx, { values, positionals, secrets }) {
    const choice = positionals[1]
    if (choice !== undefined && choice !== 'on' && choice !== 'off')
      throw new UsageError('cli.badPositionals', { usage: this.usage })
    const authorities = readAuthorities(values)
    const trustedCas = await readTsaCas(values)
    const changing = choice !== undefined || authorities.length > 0 || trustedCas.length > 0
    await unlockVault(ctx, positionals[0] ?? '', secrets, { readOnly: !changing })
    try {
      const view = changing
        ? await ctx.service.setTimestamping({
            ...(choice !== undefined ? { enabled: choice === 'on' } : {}),
            ...(authorities.length > 0 ? { authorities } : {}),
            ...(trustedCas.length > 0 ? { trustedCas } : {})
          })
        : ctx.service.timestamping()
      const used = view.authorities.length > 0 ? view.authorities : view.defaults
      ctx.stdout.write(
        `${ctx.t(view.enabled ? 'cli.timestamping.on' : 'cli.timestamping.off')}\n${used.map((u) => `  ${u}`).join('\n')}\n`
      )
      if (view.trustedCas.length > 0)
        ctx.stdout.write(`${ctx.t('cli.timestamping.cas', { count: view.trustedCas.length })}\n`)
    } finally {
      await ctx.service.lock()
    }
    return ExitCode.ok
  }
}
