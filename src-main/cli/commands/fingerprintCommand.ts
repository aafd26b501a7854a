import { ExitCode } from '../CliContext'
import type { Command } from '../Command'

/**
 * `dalel fingerprint <vault>`: the key fingerprint the journalist reads to the lawyer, on
 * stdout (one line), or with the vault id and public key as JSON. No passphrase: it comes
 * from the public key in vault.json.
 */
export const fingerprintCommand: Command = {
  name: 'fingerprint',
  usage: 'dalel fingerprint <vault> [--json]',
  options: { json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals }) {
    const found = await ctx.service.fingerprint(positionals[0] ?? '')
    if (values.json === true) {
      ctx.stdout.write(`${JSON.stringify(found, null, 2)}\n`)
    } else {
      ctx.stdout.write(`${found.fingerprint}\n`)
      ctx.stderr.write(`${ctx.t('cli.fingerprint.explain', { vaultId: found.vaultId })}\n`)
    }
    return ExitCode.ok
  }
}
