import type { EntryView } from '../../common/contract/VaultApi'
import type { WatchedUrl } from '../../common/entry/Entry'
import { DalelError } from '../../common/errors/DalelError'
import { ENTRY_LIMITS } from '../../common/entry/entryLimits'
import { isWatchInterval } from '../../common/entry/validateDraft'
import { checkCaptureUrl } from '../capture/WebCaptureRun'
import type { Vault } from '../vault/Vault'
import { toView } from './toView'

/** A change to the watch list: an address added (or its interval changed), or removed. */
export type WatchListChange = { add: WatchedUrl } | { remove: string }

/**
 * The watch list the app probes: the newest `watch` entry that is not withdrawn (a
 * withdrawn one gives way to the list before it); none, an empty list. It lives in the chain,
 * encrypted like every entry (docs/FORMATS.md "The watch list").
 */
export function currentWatchList(vault: Vault): WatchedUrl[] {
  for (const stored of vault.list({ kinds: ['watch'] }))
    if (stored.entry?.kind === 'watch') return stored.entry.payload.watched
  return []
}

/**
 * Records the list after `change` as a `watch` entry, or nothing when the change changes
 * nothing (the same address at the same interval); answers the new entry, or null.
 */
export async function changeWatchList(
  vault: Vault,
  change: WatchListChange
): Promise<EntryView | null> {
  const current = currentWatchList(vault)
  if ('add' in change) {
    const url = checkCaptureUrl(change.add.url)
    if (!isWatchInterval(change.add.everySeconds))
      throw new DalelError('invalid-input', { field: 'everySeconds' })
    const item = { url, everySeconds: change.add.everySeconds }
    const at = current.findIndex((w) => w.url === url)
    if (at >= 0 && current[at]?.everySeconds === item.everySeconds) return null
    const watched = at >= 0 ? current.map((w, i) => (i === at ? item : w)) : [...current, item]
    return record(vault, { change: 'add', url, watched })
  }
  const url = checkCaptureUrl(change.remove)
  if (!current.some((w) => w.url === url)) throw new DalelError('invalid-input', { field: 'url' })
  return record(vault, { change: 'remove', url, watched: current.filter((w) => w.url !== url) })
}

async function record(
  vault: Vault,
  payload: { change: 'add' | 'remove'; url: string; watched: WatchedUrl[] }
): Promise<EntryView> {
  // The title is what changed, in signs rather than words, so it reads the same in every
  // language (faces show the payload, translated).
  const title = `${payload.change === 'add' ? '+' : '−'} ${payload.url}`.slice(
    0,
    ENTRY_LIMITS.titleChars
  )
  return toView(await vault.append({ kind: 'watch', title, payload }))
}
