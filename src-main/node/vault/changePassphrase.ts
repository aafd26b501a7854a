import { toHex } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { writeHeaderFile } from './headerFile'
import { passphraseKey, unwrapMasterKey, wrapKey } from './vaultHeader'
import type { KdfParams, VaultHeader } from './vaultHeader'
import { liveKeys } from './VaultState'
import type { VaultState } from './VaultState'
import type { UnlockSecret } from './vaultTypes'

/**
 * Rewraps the master key under a new passphrase with a new salt; no data is re-encrypted and
 * the recovery wrap stays. Call inside the vault's WriteQueue.
 */
export async function changePassphrase(
  state: VaultState,
  current: UnlockSecret,
  newPassphrase: string
): Promise<void> {
  liveKeys(state)
  const { sodium } = state.caps
  if (newPassphrase.length === 0) throw new DalelError('invalid-input', { field: 'passphrase' })
  const master = await unwrapMasterKey(
    sodium,
    state.header,
    'passphrase' in current
      ? { passphrase: current.passphrase }
      : { recoveryCode: current.recoveryCode }
  )
  const kdf: KdfParams = {
    ...state.header.kdf,
    salt: toHex(state.caps.random(sodium.crypto_pwhash_SALTBYTES))
  }
  const { wrappedKeys, ...bare } = state.header
  const next = { ...bare, kdf }
  const kek = await passphraseKey(sodium, kdf, newPassphrase)
  const header: VaultHeader = {
    ...next,
    wrappedKeys: {
      passphrase: wrapKey(sodium, next, 'passphrase', kek, master),
      recovery: wrappedKeys.recovery
    }
  }
  sodium.memzero(kek)
  sodium.memzero(master)
  await writeHeaderFile(state.dir, header)
  state.header = header
}
