import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { toHex } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { uuidv7 } from '../../common/ids/uuidv7'
import { VaultDatabase } from '../db/VaultDatabase'
import { fsError } from '../fs/fsError'
import { writeHeaderFile } from './headerFile'
import { writeEmptyJournal } from './journalFile'
import { openVault } from './openVault'
import { generateRecoveryCode, recoveryKey } from './recoveryCode'
import { writeSnapshot } from './snapshotFile'
import { VAULT_FORMAT, VAULT_VERSION, passphraseKey, wrapKey } from './vaultHeader'
import type { KdfParams, VaultHeader } from './vaultHeader'
import { deriveVaultKeys, wipeVaultKeys } from './vaultKeys'
import { vaultCapabilities } from './VaultState'
import type { VaultState } from './VaultState'
import { BLOBS_DIR, JOURNAL_FILE } from './vaultTypes'
import type { CreateVaultOptions, VaultDeps } from './vaultTypes'

/**
 * Creates a new vault in `dir` (which must not exist, or be empty) and returns it unlocked
 * with the recovery code, which is shown once and never stored.
 */
export async function createVault(
  dir: string,
  options: CreateVaultOptions,
  deps: VaultDeps
): Promise<{ state: VaultState; recoveryCode: string }> {
  const caps = await vaultCapabilities(deps)
  const { sodium, random, clock } = caps
  if (options.passphrase.length === 0)
    throw new DalelError('invalid-input', { field: 'passphrase' })
  try {
    const existing = await readdir(dir)
    if (existing.length > 0) throw new DalelError('vault-exists', { path: dir })
  } catch (error) {
    if (error instanceof DalelError) throw error
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(error, dir)
  }
  try {
    await mkdir(join(dir, BLOBS_DIR), { recursive: true, mode: 0o700 })
  } catch (error) {
    throw fsError(error, dir)
  }
  const master = random(32)
  const keys = deriveVaultKeys(sodium, master)
  const kdf: KdfParams = {
    alg: 'argon2id13',
    opslimit: options.kdfLimits?.opslimit ?? sodium.crypto_pwhash_OPSLIMIT_MODERATE,
    memlimit: options.kdfLimits?.memlimit ?? sodium.crypto_pwhash_MEMLIMIT_MODERATE,
    salt: toHex(random(sodium.crypto_pwhash_SALTBYTES))
  }
  const bare = {
    format: VAULT_FORMAT,
    version: VAULT_VERSION,
    vaultId: uuidv7(clock.now().getTime(), random),
    createdAt: clock.now().toISOString(),
    kdf,
    signingPublicKey: toHex(keys.signingPublicKey)
  } as const
  const recoveryCode = generateRecoveryCode(sodium)
  const kek = await passphraseKey(sodium, kdf, options.passphrase)
  const rk = recoveryKey(sodium, recoveryCode)
  const header: VaultHeader = {
    ...bare,
    wrappedKeys: {
      passphrase: wrapKey(sodium, bare, 'passphrase', kek, master),
      recovery: wrapKey(sodium, bare, 'recovery', rk, master)
    }
  }
  sodium.memzero(kek)
  sodium.memzero(rk)
  sodium.memzero(master)

  const db = await VaultDatabase.create()
  db.setMeta('vault_id', header.vaultId)
  db.setMeta('author', options.author ?? '')
  db.setMeta('generation', '1')
  await writeSnapshot(sodium, dir, keys, 1, db.export())
  await writeEmptyJournal(join(dir, JOURNAL_FILE), 1)
  // vault.json comes last: a directory without it is not a vault, so a crash during
  // creation leaves nothing that looks like one.
  await writeHeaderFile(dir, header)
  db.close()
  wipeVaultKeys(sodium, keys)
  // Opening with the recovery code spares a second Argon2id run.
  const state = await openVault(dir, { recoveryCode }, {}, deps, header)
  return { state, recoveryCode }
}
