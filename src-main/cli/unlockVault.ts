import type { VaultSummary } from '../common/contract/VaultApi'
import type { CliContext } from './CliContext'
import { readUnlockSecret } from './readSecret'
import type { SecretSources } from './readSecret'

/** Unlocks the vault for one command and tells, on stderr, anything opening noticed. */
export async function unlockVault(
  ctx: CliContext,
  path: string,
  secrets: SecretSources,
  options: { readOnly?: boolean } = {}
): Promise<VaultSummary> {
  const secret = await readUnlockSecret(ctx, secrets)
  const summary = await ctx.service.unlock(path, { secret }, options)
  for (const notice of summary.notices) {
    switch (notice.code) {
      case 'torn-journal-tail':
        ctx.stderr.write(
          `${ctx.t('cli.warning')}: ${ctx.t('notice.torn-journal-tail', notice.params)}\n`
        )
        break
      case 'stale-journal':
      case 'temp-files-removed':
        break
      default:
        break
    }
  }
  return summary
}
