import type { EntryRef } from '../../common/entry/Entry'
import type { Vault } from '../vault/Vault'

/**
 * The entries a new entry is about, from what a face was given (a seq — also as "#3" or
 * "№3" —, an id or a unique id prefix, as `show` takes them), each once, in chain order. An
 * unknown one is `entry-not-found`; the vault refuses withdrawn ones when it appends.
 * Returns a spread for the payload: nothing at all when there are none.
 */
export function resolveAbout(
  vault: Vault,
  about: readonly string[] | undefined
): { about?: EntryRef[] } {
  if (about === undefined || about.length === 0) return {}
  const refs = new Map<number, EntryRef>()
  for (const given of about) {
    const stored = vault.get(given.trim().replace(/^[#№]\s*/u, ''))
    refs.set(stored.seq, { seq: stored.seq, id: stored.id })
  }
  return { about: [...refs.values()].sort((a, b) => a.seq - b.seq) }
}
