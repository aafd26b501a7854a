import type { EntryView, NoteInput } from '../../common/contract/VaultApi'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import type { Vault } from '../vault/Vault'
import { resolveAbout } from './resolveAbout'
import { toView } from './toView'

/** Records a note; an empty tag list is left out rather than stored as []. */
export async function addNote(vault: Vault, input: NoteInput): Promise<EntryView> {
  return toView(
    await vault.append({
      kind: 'note',
      title: input.title,
      ...defined({ occurredAt: input.occurredAt }),
      payload: {
        ...resolveAbout(vault, input.about),
        ...defined({ body: input.body, tags: input.tags?.length ? input.tags : undefined })
      }
    })
  )
}
