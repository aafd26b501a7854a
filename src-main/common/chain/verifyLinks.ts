import { bytesEqual } from '../encoding/bytes'
import { fromHex, isHexOf } from '../encoding/hex'
import type { EvidenceCrypto } from '../crypto/EvidenceCrypto'
import { chainHasher, genesisHash } from './chain'
import type { UncheckedChainLink } from './ChainLink'

export type LinkProblemCode = 'seq-gap' | 'malformed-link' | 'chain-mismatch' | 'bad-signature'

export interface LinkProblem {
  seq: number
  code: LinkProblemCode
  detail: string
}

/**
 * The chain walked one link at a time, from the raw bytes of each link: verifyLinks feeds
 * it from hex, the vault's own verify straight from its database. After a broken link it
 * continues from the stored chain hash, so one edit is reported once and the rest is still
 * checked. Signatures are the caller's (each is over the stored chain hash).
 */
export class ChainWalk {
  readonly problems: LinkProblem[] = []
  count = 0
  private previous: Uint8Array
  private expectedSeq = 1
  private readonly chainHashOf: ReturnType<typeof chainHasher>

  /** @param sha256 must not keep its input (chainHasher reuses it) */
  constructor(sha256: (data: Uint8Array) => Uint8Array, vaultId: string, publicKey: Uint8Array) {
    this.previous = genesisHash(sha256, vaultId, publicKey)
    this.chainHashOf = chainHasher(sha256)
  }

  /** The last stored chain hash walked (the genesis hash before any). */
  get head(): Uint8Array {
    return this.previous
  }

  /**
   * The next link. A malformed link (any of its hashes or its signature not hex of the right
   * length) is reported and skipped: the walk goes on from the link before it.
   * @param commitment 32 bytes raw, null when malformed @param chain 32 bytes raw, null when
   * malformed @returns whether the link was well formed
   */
  next(
    seq: number,
    commitment: Uint8Array | null,
    chain: Uint8Array | null,
    signatureWellFormed: boolean
  ): boolean {
    this.count++
    if (seq !== this.expectedSeq) {
      this.problems.push({ seq, code: 'seq-gap', detail: `expected seq ${this.expectedSeq}` })
    }
    this.expectedSeq = seq + 1
    if (commitment?.length !== 32 || chain?.length !== 32 || !signatureWellFormed) {
      this.problems.push({
        seq,
        code: 'malformed-link',
        detail: 'hash or signature is not hex of the right length'
      })
      return false
    }
    if (!bytesEqual(chain, this.chainHashOf(this.previous, seq, commitment))) {
      this.problems.push({
        seq,
        code: 'chain-mismatch',
        detail: 'chain hash does not follow from the previous entry'
      })
    }
    this.previous = chain
    return true
  }
}

/**
 * Walks links 1..n in order, recomputing every chain hash from the commitments and checking
 * every signature (ChainWalk). It never stops at the first problem.
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
  const walk = new ChainWalk((data) => crypto.sha256(data), vaultId, publicKey)
  for (const link of links) {
    const commitment = isHexOf(link.commitment, 32) ? fromHex(link.commitment) : null
    const chain = isHexOf(link.chain, 32) ? fromHex(link.chain) : null
    const wellFormed = walk.next(link.seq, commitment, chain, isHexOf(link.signature, 64))
    if (
      wellFormed &&
      chain !== null &&
      options.signatures === 'check' &&
      !crypto.verify(fromHex(link.signature), chain, publicKey)
    ) {
      walk.problems.push({
        seq: link.seq,
        code: 'bad-signature',
        detail: 'signature does not verify with the vault key'
      })
    }
  }
  return { problems: walk.problems, count: walk.count, head: walk.head }
}
