import type { StoredEntry } from '../vault/Vault'

/** How many earlier captures a recheck looks through for one the page matches again. */
export const RESTORE_CANDIDATES = 50

/**
 * The captures of `target`'s URL recorded before it (withdrawn ones left out), newest first:
 * where a recheck looks for the version a page was restored to. `captures` is newest first,
 * as Vault.list gives.
 */
export function earlierCapturesOf(
  captures: readonly StoredEntry[],
  target: StoredEntry,
  limit = RESTORE_CANDIDATES
): StoredEntry[] {
  const entry = target.entry
  if (entry?.kind !== 'web-capture') return []
  const url = entry.payload.requestedUrl
  return captures
    .filter(
      (stored) =>
        stored.seq < target.seq &&
        stored.entry?.kind === 'web-capture' &&
        stored.entry.payload.requestedUrl === url
    )
    .slice(0, limit)
}
