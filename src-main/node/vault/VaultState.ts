import type { Clock, EvidenceCrypto, RandomBytes, Signer } from '../../common/crypto/EvidenceCrypto'
import { genesisHash } from '../../common/chain/chain'
import { fromHex } from '../../common/encoding/hex'
import { DalelError } from '../../common/errors/DalelError'
import { loadSodium } from '../crypto/loadSodium'
import type { Sodium } from '../crypto/loadSodium'
import type { SealThreadPool } from '../crypto/SealThreadPool'
import { nodeEvidenceCrypto } from '../crypto/nodeEvidenceCrypto'
import { secureRandom } from '../crypto/secureRandom'
import type { VaultDatabase } from '../db/VaultDatabase'
import type { BlobStore } from './BlobStore'
import type { JournalWriter } from './journalFile'
import type { VaultHeader } from './vaultHeader'
import type { VaultKeys } from './vaultKeys'
import type { VaultDeps, VaultNotice } from './vaultTypes'

/** VaultDeps with every default filled in. */
export interface VaultCapabilities {
  clock: Clock
  random: RandomBytes
  crypto: EvidenceCrypto
  sodium: Sodium
  /** the app's threads for large attachments, kept between files; null: each file its own */
  sealThreads: SealThreadPool | null
}

export async function vaultCapabilities(deps: VaultDeps): Promise<VaultCapabilities> {
  const random = deps.random
  return {
    clock: deps.clock,
    random: random === undefined ? secureRandom : (n) => random(n),
    crypto: deps.crypto ?? nodeEvidenceCrypto(),
    sodium: deps.sodium ?? (await loadSodium()),
    sealThreads: deps.sealThreads ?? null
  }
}

/**
 * Everything an unlocked vault is: made by openVault, changed only by the operations in this
 * folder, one at a time (WriteQueue), and wrapped by the Vault façade.
 */
export interface VaultState {
  readonly dir: string
  header: VaultHeader
  /** null once closed: every key is wiped then */
  keys: VaultKeys | null
  closed: boolean
  readonly db: VaultDatabase
  /** null when opened read-only */
  journal: JournalWriter | null
  /** the generation of snapshot.bin and journal.bin */
  generation: number
  readonly blobs: BlobStore
  readonly releaseLock: (() => Promise<void>) | null
  readonly caps: VaultCapabilities
  readonly notices: readonly VaultNotice[]
  /** bytes of a torn journal tail found at open (verify reports them) */
  readonly tornBytes: number
  /** a withdrawal's purge is still to be finished (see withdrawalPurge) */
  purgePending: boolean
  /** the last seq and its chain hash (raw): kept, not queried, per append */
  lastLink: { seq: number; chain: Uint8Array } | undefined
  /** the author recorded at creation; read once */
  author: string | undefined
}

/** The keys, or vault-locked once the vault is closed. */
export function liveKeys(state: VaultState): VaultKeys {
  if (state.keys === null || state.closed) throw new DalelError('vault-locked')
  return state.keys
}

/** The journal writer, or an error for a vault opened read-only. */
export function writableJournal(state: VaultState): JournalWriter {
  if (state.journal === null)
    throw new DalelError('io-error', { path: state.dir, reason: 'opened read-only' })
  return state.journal
}

export function publicKeyOf(state: VaultState): Uint8Array {
  return fromHex(state.header.signingPublicKey)
}

/** The author set at creation and never changed; read on every append. */
export function authorOf(state: VaultState): string {
  state.author ??= state.db.getMeta('author') ?? ''
  return state.author
}

export function signerOf(state: VaultState, keys: VaultKeys): Signer {
  return {
    publicKey: keys.signingPublicKey,
    sign: (message) => state.caps.sodium.crypto_sign_detached(message, keys.signingSecretKey)
  }
}

/** The last seq and its chain hash (raw), or seq 0 and the genesis hash. */
export function chainHead(state: VaultState): { seq: number; chain: Uint8Array } {
  if (state.lastLink === undefined) {
    const head = state.db.head()
    state.lastLink =
      head.chain === null
        ? {
            seq: 0,
            chain: genesisHash(state.caps.crypto.sha256, state.header.vaultId, publicKeyOf(state))
          }
        : { seq: head.seq, chain: fromHex(head.chain) }
  }
  return state.lastLink
}
