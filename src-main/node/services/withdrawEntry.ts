import type { EntryView, WithdrawInput } from '../../common/contract/VaultApi'
import type { Vault } from '../vault/Vault'
import { toView } from './toView'

/**
 * Records a withdrawal of an earlier entry: the vault destroys its content and attachments,
 * and its commitment stays in the chain. The title names the target by seq only, so the
 * withdrawal itself repeats nothing of what was destroyed.
 */
export async function withdrawEntry(vault: Vault, input: WithdrawInput): Promise<EntryView> {
  const target = vault.get(input.target)
  return toView(
    await vault.append({
      kind: 'withdrawal',
      title: `#${target.seq}`,
      payload: { target: { seq: target.seq, id: target.id }, reason: input.reason }
    })
  )
}
