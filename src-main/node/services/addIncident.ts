import type { EntryView, IncidentInput } from '../../common/contract/VaultApi'
import type { IncidentPayload } from '../../common/entry/Entry'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import type { Vault } from '../vault/Vault'
import { resolveAbout } from './resolveAbout'
import { toView } from './toView'

/**
 * Records an incident. Fields the form left empty (undefined, or a list with nothing in it)
 * are left out of the payload, so an entry says only what the journalist stated.
 */
export async function addIncident(vault: Vault, input: IncidentInput): Promise<EntryView> {
  const { title, occurredAt, about, ...payload } = input
  const cleaned = defined(
    Object.fromEntries(
      Object.entries(payload).map(([key, value]) => [
        key,
        Array.isArray(value) && value.length === 0 ? undefined : value
      ])
    )
  ) as unknown as IncidentPayload
  return toView(
    await vault.append({
      kind: 'incident',
      title,
      ...defined({ occurredAt }),
      payload: { ...resolveAbout(vault, about), ...cleaned }
    })
  )
}
