import type { MessageKey, MessageParams } from '../i18n/translate'
import type { CustodyAction, CustodyPayload, EntryKind } from './Entry'

// Custody entries Dalel writes itself (export, backup, restore) store only the object of the
// action as their title — the recipient or the bundle's file name, the backup folder — and are
// shown as a sentence in the reader's language ("Экспорт → Адвокат Ким"). A title corrected
// by an amendment is shown the same way. Entries written before this store an English
// sentence; its English head is dropped, so they read in the reader's language too.
const LEGACY_HEAD = /^(?:Export →|Backup →|Backup failed →|Restore ←) /u

const TITLE_KEYS: Partial<Record<CustodyAction, MessageKey>> = {
  export: 'custody.title.export',
  backup: 'custody.title.backup',
  'backup-failed': 'custody.title.backup-failed',
  restore: 'custody.title.restore'
}

/**
 * The title of an entry as a reader sees it, in `t`'s language. `custodyAction` is the
 * payload's action for a custody entry (and ignored for other kinds).
 */
export function entryTitle(
  kind: EntryKind,
  title: string,
  custodyAction: CustodyAction | undefined,
  t: (key: MessageKey, params?: MessageParams) => string
): string {
  const key =
    kind === 'custody' && custodyAction !== undefined ? TITLE_KEYS[custodyAction] : undefined
  if (key === undefined) return title
  return t(key, { object: title.replace(LEGACY_HEAD, '') })
}

/** The same for a whole entry. */
export function titleOf(
  entry: { kind: EntryKind; title: string; payload: unknown },
  t: (key: MessageKey, params?: MessageParams) => string
): string {
  const action =
    entry.kind === 'custody' ? (entry.payload as Pick<CustodyPayload, 'action'>).action : undefined
  return entryTitle(entry.kind, entry.title, action, t)
}
