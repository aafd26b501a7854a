import type { EntryView } from '../../common/contract/VaultApi'
import { applyAmendments } from '../../common/entry/applyAmendments'
import type { StoredEntry, Vault } from '../vault/Vault'
import { toView } from './toView'

/**
 * An entry as every face shows it: corrected by its amendments (applyAmendments), with the
 * entry as recorded and the amendments that corrected it alongside, so nothing shows an old
 * value as if it were current, nor hides that a value was corrected.
 */
export function amendedView(vault: Pick<Vault, 'get'>, stored: StoredEntry): EntryView {
  const view = toView(stored)
  const refs = stored.referencedBy.filter((ref) => ref.kind === 'amendment')
  if (stored.entry === null || refs.length === 0) return view
  const amendments = refs.flatMap((ref) => {
    const amendment = vault.get(ref.seq).entry
    return amendment?.kind === 'amendment' ? [amendment] : []
  })
  const applied = applyAmendments(stored.entry, amendments)
  if (applied.amendments.length === 0) return view
  return {
    ...view,
    entry: applied.entry,
    amended: {
      original: applied.original,
      amendments: applied.amendments,
      correctedBy: applied.correctedBy
    }
  }
}
