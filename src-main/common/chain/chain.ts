import { concatBytes, uint64be, utf8 } from '../encoding/bytes'
import { canonicalJson } from '../encoding/canonicalJson'
import type { Entry } from '../entry/Entry'

type Sha256 = (data: Uint8Array) => Uint8Array

const GENESIS_LABEL = utf8('dalel/genesis/v1')
/** The domain label of entry commitments (FORMATS "Chain"); node's native hasher uses it too. */
export const ENTRY_COMMITMENT_LABEL = 'dalel/entry/v1'
const ENTRY_LABEL = utf8(ENTRY_COMMITMENT_LABEL)
const CHAIN_LABEL = utf8('dalel/chain/v1')
const SEPARATOR = new Uint8Array([0])

/** Bytes of random salt per entry; the salt hides undisclosed entries' content in a bundle. */
export const SALT_BYTES = 32

/**
 * chain_0 = SHA-256("dalel/genesis/v1" || 0x00 || vaultId || publicKey)
 *
 * The genesis hash binds the vault id and the public key, so a chain cut off at the front,
 * or moved to another vault, fails verification instead of looking complete.
 * @param vaultId the UUID string, hashed as UTF-8 @param publicKey 32 bytes raw
 */
export function genesisHash(sha256: Sha256, vaultId: string, publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(GENESIS_LABEL, SEPARATOR, utf8(vaultId), publicKey))
}

/** The exact bytes an entry is committed as: RFC 8785 JCS, UTF-8. */
export function entryBytes(entry: Entry): Uint8Array {
  return utf8(canonicalJson(entry))
}

/**
 * commitment_n = SHA-256("dalel/entry/v1" || 0x00 || salt_n || JCS(entry_n))
 * @param salt SALT_BYTES raw @param jcs the entry's canonical JSON as UTF-8 bytes
 */
export function commitmentOf(sha256: Sha256, salt: Uint8Array, jcs: Uint8Array): Uint8Array {
  if (salt.length !== SALT_BYTES) throw new RangeError('entry salt must be 32 bytes')
  return sha256(concatBytes(ENTRY_LABEL, SEPARATOR, salt, jcs))
}

/** chain_n = SHA-256("dalel/chain/v1" || 0x00 || chain_{n-1} || uint64be(n) || commitment_n) */
export function chainHashOf(
  sha256: Sha256,
  previous: Uint8Array,
  seq: number,
  commitment: Uint8Array
): Uint8Array {
  return sha256(concatBytes(CHAIN_LABEL, SEPARATOR, previous, uint64be(seq), commitment))
}

/**
 * chainHashOf, writing each link's input into one buffer kept from call to call: a walk over
 * 100,000 links otherwise makes two arrays per link. `sha256` must not keep its input.
 */
export function chainHasher(
  sha256: Sha256
): (previous: Uint8Array, seq: number, commitment: Uint8Array) => Uint8Array {
  const at = CHAIN_LABEL.length + SEPARATOR.length
  const input = new Uint8Array(at + 32 + 8 + 32)
  input.set(CHAIN_LABEL)
  const view = new DataView(input.buffer)
  return (previous, seq, commitment) => {
    if (previous.length !== 32 || commitment.length !== 32)
      throw new RangeError('chain and commitment hashes are 32 bytes')
    if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`not a uint64: ${seq}`)
    input.set(previous, at)
    view.setUint32(at + 32, Math.floor(seq / 2 ** 32))
    view.setUint32(at + 36, seq >>> 0)
    input.set(commitment, at + 40)
    return sha256(input)
  }
}
