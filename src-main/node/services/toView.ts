import type { EntryView } from '../../common/contract/VaultApi'
import type { StoredEntry } from '../vault/Vault'

/** An entry as every face receives it: plain data, safe to send over IPC or print as JSON. */
export function toView(stored: StoredEntry): EntryView {
  return {
    seq: stored.seq,
    id: stored.id,
    kind: stored.kind,
    recordedAt: stored.recordedAt,
    entry: stored.entry,
    link: stored.link,
    withdrawnBy: stored.withdrawnBy,
    referencedBy: stored.referencedBy,
    linkedFrom: stored.linkedFrom
  }
}
