import type {
  AuthorityAnswerView,
  TimestampOutcome,
  TimestampingView
} from '../../common/contract/VaultApi'
import type { TimestampingSettingPayload } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import { isAuthorityUrl } from '../../common/entry/validateDraft'
import { DEFAULT_AUTHORITIES } from '../timestamp/defaultAuthorities'
import type { TimestampOptions } from '../timestamp/timestampVault'
import {
  hasUncoveredEntries,
  setTimestamping,
  timestampVault,
  timestampingSetting
} from '../timestamp/timestampVault'
import type { Vault } from '../vault/Vault'
import { toView } from './toView'

/**
 * The timestamping use cases of the service (issue 13): stamp the head now, stamp it only
 * when the vault's setting is on and something is uncovered (after a capture, and the app's
 * retry while unlocked), read and change the setting.
 */
export async function timestampHead(
  vault: Vault,
  options: TimestampOptions
): Promise<TimestampOutcome> {
  for (const url of options.authorities ?? [])
    if (!isAuthorityUrl(url)) throw new DalelError('invalid-input', { field: '--tsa' })
  if (vault.head().seq === 0) throw new DalelError('nothing-to-timestamp')
  const result = await timestampVault(vault, options)
  return {
    anchor: result.anchor === null ? null : toView(result.anchor),
    covered: result.covered,
    answers: result.answers.map((answer): AuthorityAnswerView =>
      answer.ok
        ? { authority: answer.authority, ok: true, genTime: answer.token.genTime }
        : { authority: answer.authority, ok: false, reason: answer.reason, detail: answer.detail }
    )
  }
}

/**
 * Stamps the head when the setting is on and an entry is not covered yet; null when there
 * is nothing to do. Offline, every authority fails and nothing is recorded: the next call
 * (after the next capture, or the app's retry) stamps the head then, covering everything.
 */
export async function timestampIfDue(
  vault: Vault,
  options: Pick<TimestampOptions, 'timeoutMs'> = {}
): Promise<TimestampOutcome | null> {
  if (!timestampingSetting(vault).enabled || !hasUncoveredEntries(vault)) return null
  return timestampHead(vault, options)
}

export function timestampingView(vault: Vault): TimestampingView {
  const setting = timestampingSetting(vault)
  return {
    enabled: setting.enabled,
    authorities: setting.authorities,
    trustedCas: setting.trustedCas,
    defaults: [...DEFAULT_AUTHORITIES],
    uncovered: hasUncoveredEntries(vault)
  }
}

/** Records a new setting when it differs from the current one. */
export async function changeTimestamping(
  vault: Vault,
  change: Partial<Omit<TimestampingSettingPayload, 'action'>>
): Promise<TimestampingView> {
  const current = timestampingSetting(vault)
  const next = {
    enabled: change.enabled ?? current.enabled,
    authorities: change.authorities ?? current.authorities,
    trustedCas: change.trustedCas ?? current.trustedCas
  }
  const same = (a: readonly string[], b: readonly string[]) => a.join('\n') === b.join('\n')
  if (
    next.enabled !== current.enabled ||
    !same(next.authorities, current.authorities) ||
    !same(next.trustedCas, current.trustedCas)
  )
    await setTimestamping(vault, next)
  return timestampingView(vault)
}
