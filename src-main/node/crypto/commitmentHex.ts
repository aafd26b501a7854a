import { createHash } from 'node:crypto'
import { ENTRY_COMMITMENT_LABEL } from '../../common/chain/chain'

const ENTRY_LABEL = Buffer.from(`${ENTRY_COMMITMENT_LABEL}\0`, 'utf8')

/**
 * commitment_n = SHA-256("dalel/entry/v1" || 0x00 || salt_n || JCS(entry_n)), as lowercase
 * hex: common/chain's commitmentOf, for verification, which computes it once per entry.
 * Hashing the JCS text as it is (OpenSSL encodes it to UTF-8 itself) halves the cost of
 * encoding it and copying it behind the salt first.
 * @param salt 32 bytes raw @param jcs the entry's JCS text, exactly as committed
 */
export function commitmentHex(salt: Uint8Array, jcs: string): string {
  return createHash('sha256').update(ENTRY_LABEL).update(salt).update(jcs, 'utf8').digest('hex')
}
