import { createHash } from 'node:crypto'
import { ENTRY_COMMITMENT_LABEL } from '../../common/chain/chain'

const ENTRY_LABEL = Buffer.from(`${ENTRY_COMMITMENT_LABEL}\0`, 'utf8')

/**
 * commitment_n = SHA-256("dalel/entry/v1" || 0x00 || salt_n || JCS(entry_n)), 32 bytes raw:
 * common/chain's commitmentOf, for verification, which computes it once per entry and
 * compares it with the stored bytes (no hex either way).
 * The parts are hashed one after another, not copied together first.
 * @param salt 32 bytes raw @param jcs the entry's JCS text as UTF-8, exactly as committed
 */
export function commitmentDigest(salt: Uint8Array, jcs: Uint8Array): Buffer {
  return createHash('sha256').update(ENTRY_LABEL).update(salt).update(jcs).digest()
}
