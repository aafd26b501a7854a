import type { StoredEntry } from '../vault/Vault'

/**
 * What `recheck` without ids rechecks: the newest web capture of each requested URL
 * (withdrawn ones left out), oldest first. `captures` is newest first, as Vault.list gives.
 */
export function newestCapturePerUrl(captures: readonly StoredEntry[]): StoredEntry[] {
  const newest = new Map<string, StoredEntry>()
  for (const stored of captures) {
    const entry = stored.entry
    if (entry?.kind !== 'web-capture') continue
    if (!newest.has(entry.payload.requestedUrl)) newest.set(entry.payload.requestedUrl, stored)
  }
  return [...newest.values()].sort((a, b) => a.seq - b.seq)
}
