import { createHash } from 'node:crypto'
import { ENTRY_COMMITMENT_LABEL } from '../../common/chain/chain'
import { sha256Digest } from './sha256Digest'

const ENTRY_LABEL = Buffer.from(`${ENTRY_COMMITMENT_LABEL}\0`, 'utf8')

/**
 * Where the parts of one commitment are put together for a one-shot hash: a Hash object per
 * entry (created, fed three times, finished) cost about twice the hashing of a 1 KB entry
 * itself. It starts with the label, written once; the rest is zeroed after each use — it
 * holds an entry's text. Entries longer than this are hashed part by part instead. A plain
 * Uint8Array: Buffer's own copy and fill go through Node's bindings, set and fill do not.
 */
const scratch = new Uint8Array(16 * 1024)
scratch.set(ENTRY_LABEL)

/**
 * commitment_n = SHA-256("dalel/entry/v1" || 0x00 || salt_n || JCS(entry_n)), 32 bytes raw:
 * common/chain's commitmentOf, for verification, which computes it once per entry and
 * compares it with the stored bytes (no hex either way).
 * @param salt 32 bytes raw @param jcs the entry's JCS text as UTF-8, exactly as committed
 */
export function commitmentDigest(salt: Uint8Array, jcs: Uint8Array): Uint8Array {
  const length = ENTRY_LABEL.length + salt.length + jcs.length
  if (length > scratch.length)
    return createHash('sha256').update(ENTRY_LABEL).update(salt).update(jcs).digest()
  scratch.set(salt, ENTRY_LABEL.length)
  scratch.set(jcs, ENTRY_LABEL.length + salt.length)
  try {
    return sha256Digest(scratch.subarray(0, length))
  } finally {
    scratch.fill(0, ENTRY_LABEL.length, length)
  }
}
