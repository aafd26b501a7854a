import { ExitCode } from '../CliContext'
import type { Command } from '../Command'
import { stringOption } from '../Command'
import { promptLine, readNewPassphrase } from '../readSecret'
import { vaultFingerprint } from '../../node/services/vaultFingerprint'

export const initCommand: Command = {
  name: 'init',
  usage: 'dalel init <vault> [--author NAME] [--passphrase-stdin]',
  options: { author: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals, secrets }) {
    const path = positionals[0] ?? ''
    const passphrase = await readNewPassphrase(ctx, secrets, 'DALEL_PASSPHRASE')
    let author = stringOption(values, 'author') ?? ctx.env.DALEL_AUTHOR
    // Every entry names its author; a vault created without one names nobody, for ever.
    if (author === undefined || author.trim() === '') {
      author = await promptLine(ctx, ctx.t('cli.init.promptAuthor'))
      if (author === undefined || author === '')
        ctx.stderr.write(`${ctx.t('cli.warning')}: ${ctx.t('cli.init.noAuthor')}\n`)
    }
    const { recoveryCode, summary } = await ctx.service.createVault(path, {
      passphrase,
      ...(author !== undefined ? { author } : {})
    })
    await ctx.service.lock()
    ctx.stderr.write(`${ctx.t('cli.init.created', { path, vaultId: summary.vaultId })}\n`)
    // Said once here, where the journalist starts: the fingerprint is what a lawyer will ask for.
    ctx.stderr.write(
      `${ctx.t('cli.init.fingerprint', { fingerprint: vaultFingerprint(summary.publicKey) })}\n`
    )
    ctx.stderr.write(`${ctx.t('cli.init.recoveryCode')}\n`)
    // The code alone on stdout, so a script can capture it; the explanation stays on stderr.
    ctx.stdout.write(`${recoveryCode}\n`)
    return ExitCode.ok
  }
}
