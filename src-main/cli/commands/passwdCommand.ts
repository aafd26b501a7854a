import { ExitCode } from '../CliContext'
import type { Command } from '../Command'
import { readNewPassphrase, readUnlockSecret } from '../readSecret'

export const passwdCommand: Command = {
  name: 'passwd',
  usage: 'dalel passwd <vault> [--passphrase-stdin]',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(ctx, { positionals, secrets }) {
    // The current passphrase or the recovery code: a forgotten passphrase is replaced this way.
    const current = await readUnlockSecret(ctx, secrets)
    const summary = await ctx.service.unlock(positionals[0] ?? '', { secret: current })
    try {
      const next = await readNewPassphrase(ctx, secrets, 'DALEL_NEW_PASSPHRASE')
      const wasRecovery = ctx.service.unlockedWith()
      await ctx.service.changePassphrase(
        wasRecovery === 'recovery' ? { recoveryCode: current } : { passphrase: current },
        next
      )
    } finally {
      await ctx.service.lock()
    }
    ctx.stderr.write(`${ctx.t('cli.passwd.changed', { vaultId: summary.vaultId })}\n`)
    return ExitCode.ok
  }
}
