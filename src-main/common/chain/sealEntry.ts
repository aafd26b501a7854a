import { toSha256Hex, toSignatureHex } from '../encoding/brands'
import type { Signer } from '../crypto/EvidenceCrypto'
import type { Entry } from '../entry/Entry'
import type { ChainLink } from './ChainLink'
import { chainHashOf, commitmentOf, entryBytes } from './chain'

export interface SealedEntry {
  entry: Entry
  /** SALT_BYTES raw */
  salt: Uint8Array
  /** the JCS bytes committed to */
  jcs: Uint8Array
  link: ChainLink
}

/**
 * Commits to an entry, links it to the previous chain hash and signs the new chain hash.
 * Signing the chain hash (not the entry) means one signature vouches for the whole history.
 * @param previousChain 32 bytes raw: chain_{n-1}
 */
export function sealEntry(
  sha256: (data: Uint8Array) => Uint8Array,
  signer: Signer,
  previousChain: Uint8Array,
  entry: Entry,
  salt: Uint8Array
): SealedEntry {
  const jcs = entryBytes(entry)
  const commitment = commitmentOf(sha256, salt, jcs)
  const chain = chainHashOf(sha256, previousChain, entry.seq, commitment)
  const signature = signer.sign(chain)
  return {
    entry,
    salt,
    jcs,
    link: {
      seq: entry.seq,
      commitment: toSha256Hex(commitment),
      chain: toSha256Hex(chain),
      signature: toSignatureHex(signature)
    }
  }
}
