import type { Vault } from '../vault/Vault'

/** The target of the newest backup custody entry: where the journalist backed up last. */
export function lastBackupTarget(vault: Vault): string | null {
  // list() gives the newest entry first.
  for (const view of vault.list({ kinds: ['custody'] })) {
    const entry = view.entry
    if (
      entry?.kind === 'custody' &&
      entry.payload.action === 'backup' &&
      // `folder` since custody facts are fields; `recipient` in backups recorded before
      (entry.payload.folder ?? entry.payload.recipient) !== undefined
    )
      return entry.payload.folder ?? entry.payload.recipient ?? null
  }
  return null
}
