import type { EntryView, NoteInput } from '../../common/contract/VaultApi'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import type { Vault } from '../vault/Vault'
import { toView } from './toView'

/** Records a note; an empty tag list is left out rather than stored as []. */
export async function addNote(vault: Vault, input: NoteInput): Promise<EntryView> {
  return toView(
    await vault.append({
      kind: 'note',
      title: input.title,
      ...defined({ occurredAt: input.occurredAt }),
      payload: defined({ body: input.body, tags: input.tags?.length ? input.tags : undefined })
    })
  )
}
