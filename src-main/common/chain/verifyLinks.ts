import { bytesEqual } from '../encoding/bytes'
import { fromHex, isHexOf } from '../encoding/hex'
import type { EvidenceCrypto } from '../crypto/EvidenceCrypto'
import { chainHashOf, genesisHash } from './chain'
import type { UncheckedChainLink } from './ChainLink'

export type LinkProblemCode = 'seq-gap' | 'malformed-link' | 'chain-mismatch' | 'bad-signature'

export interface LinkProblem {
  seq: number
  code: LinkProblemCode
  detail: string
}

/**
 * Walks links 1..n in order, recomputing every chain hash from the commitments and checking
 * every signature. It never stops at the first problem: after a broken link it continues
 * from the stored chain hash, so one edit is reported once and the rest is still checked.
 * With `caller-checks`, signatures are left to the caller, which verifies them in parallel
 * (Ed25519 verification is most of the cost); the caller must then check every one.
 */
export function verifyLinks(
  crypto: EvidenceCrypto,
  vaultId: string,
  publicKey: Uint8Array,
  links: Iterable<UncheckedChainLink>,
  options: { signatures: 'check' | 'caller-checks' } = { signatures: 'check' }
): { problems: LinkProblem[]; count: number; head: Uint8Array } {
  const problems: LinkProblem[] = []
  let previous = genesisHash((data) => crypto.sha256(data), vaultId, publicKey)
  let expectedSeq = 1
  let count = 0
  for (const link of links) {
    count++
    if (link.seq !== expectedSeq) {
      problems.push({ seq: link.seq, code: 'seq-gap', detail: `expected seq ${expectedSeq}` })
    }
    expectedSeq = link.seq + 1
    if (!isHexOf(link.commitment, 32) || !isHexOf(link.chain, 32) || !isHexOf(link.signature, 64)) {
      problems.push({
        seq: link.seq,
        code: 'malformed-link',
        detail: 'hash or signature is not hex of the right length'
      })
      continue
    }
    const stored = fromHex(link.chain)
    const computed = chainHashOf(
      (data) => crypto.sha256(data),
      previous,
      link.seq,
      fromHex(link.commitment)
    )
    if (!bytesEqual(stored, computed)) {
      problems.push({
        seq: link.seq,
        code: 'chain-mismatch',
        detail: 'chain hash does not follow from the previous entry'
      })
    }
    if (
      options.signatures === 'check' &&
      !crypto.verify(fromHex(link.signature), stored, publicKey)
    ) {
      problems.push({
        seq: link.seq,
        code: 'bad-signature',
        detail: 'signature does not verify with the vault key'
      })
    }
    previous = stored
  }
  return { problems, count, head: previous }
}
