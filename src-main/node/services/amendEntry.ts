import type { AmendInput, EntryView } from '../../common/contract/VaultApi'
import type { AmendmentChanges } from '../../common/entry/Entry'
import { amendableFields } from '../../common/entry/entryFields'
import { DalelError } from '../../common/errors/DalelError'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import type { Vault } from '../vault/Vault'
import { toView } from './toView'

/**
 * Records an amendment correcting fields of an earlier entry. Only the fields the target's
 * kind lets an amendment correct (amendableFields) are taken; a withdrawn entry has nothing
 * left to correct, and an amendment that changes nothing is refused.
 */
export async function amendEntry(vault: Vault, input: AmendInput): Promise<EntryView> {
  const target = vault.get(input.target)
  if (target.entry === null) throw new DalelError('entry-withdrawn', { id: target.id })
  const changes = {
    ...defined({
      title: input.title,
      body: input.body,
      occurredAt: input.occurredAt,
      place: input.place
    }),
    ...input.changes
  } as AmendmentChanges
  const allowed = new Set(amendableFields(target.kind).map((field) => field.key))
  for (const key of Object.keys(changes))
    if (!allowed.has(key))
      throw new DalelError('not-amendable', { field: key, kind: target.kind, seq: target.seq })
  if (Object.keys(changes).length === 0) throw new DalelError('invalid-input', { field: 'changes' })
  return toView(
    await vault.append({
      kind: 'amendment',
      title: changes.title ?? target.entry.title,
      payload: { target: { seq: target.seq, id: target.id }, reason: input.reason, changes }
    })
  )
}
