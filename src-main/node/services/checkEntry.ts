import type { EntryCheckView } from '../../common/contract/EntryPageApi'
import { chainHashOf, genesisHash } from '../../common/chain/chain'
import { bytesEqual, utf8 } from '../../common/encoding/bytes'
import { fromHex, isHexOf, toHex } from '../../common/encoding/hex'
import { commitmentDigest } from '../crypto/commitmentDigest'
import { nodeEvidenceCrypto } from '../crypto/nodeEvidenceCrypto'
import type { Vault } from '../vault/Vault'
import type { VerifyProblem } from '../vault/verifyVault'

/** The last verification of the whole vault, as VaultService keeps it until the vault locks. */
export interface LastVerification {
  at: string
  ok: boolean
  problems: readonly VerifyProblem[]
}

const crypto = nodeEvidenceCrypto()

/** What the check reads of the vault: the stored rows and the key, nothing else. */
export type EntryReader = Pick<Vault, 'get' | 'disclosure' | 'vaultId' | 'publicKey'>

/**
 * Checks one entry the way `verify` checks every entry, for the verdict at the top of its
 * page: its content against its entry hash (while it has content), its chain hash from the
 * entry before it (or the genesis hash) and its number, and the signature over that chain
 * hash with the vault key. One SHA-256 of the entry, two of the chain and one Ed25519
 * verification: instant, so the page runs it every time it opens.
 */
export function checkEntry(
  vault: EntryReader,
  seq: number,
  now: Date,
  last: LastVerification | null
): EntryCheckView {
  const stored = vault.get(String(seq))
  const { link } = stored
  const problems: string[] = []
  const previous = seq === 1 ? null : vault.get(String(seq - 1)).link.chain
  if (
    !isHexOf(link.commitment, 32) ||
    !isHexOf(link.chain, 32) ||
    !isHexOf(link.signature, 64) ||
    (previous !== null && !isHexOf(previous, 32))
  ) {
    problems.push('malformed-link')
  } else {
    const contentChecked = stored.entry !== null
    if (contentChecked) {
      const { salt, jcs } = vault.disclosure(stored.seq)
      if (toHex(commitmentDigest(fromHex(salt), utf8(jcs))) !== link.commitment)
        problems.push('commitment-mismatch')
    }
    const sha256 = (data: Uint8Array) => crypto.sha256(data)
    const before =
      previous === null ? genesisHash(sha256, vault.vaultId, vault.publicKey) : fromHex(previous)
    const chain = fromHex(link.chain)
    if (!bytesEqual(chainHashOf(sha256, before, link.seq, fromHex(link.commitment)), chain))
      problems.push('chain-mismatch')
    if (!crypto.verify(fromHex(link.signature), chain, vault.publicKey))
      problems.push('bad-signature')
  }
  return {
    seq: stored.seq,
    checkedAt: now.toISOString(),
    problems,
    contentChecked: stored.entry !== null,
    vault:
      last === null
        ? null
        : {
            at: last.at,
            ok: last.ok,
            problemsHere: last.problems.filter((p) => p.seq === stored.seq).length
          }
  }
}
