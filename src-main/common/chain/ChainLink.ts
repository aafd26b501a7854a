import type { Sha256Hex, SignatureHex } from '../encoding/brands'

/** One line of a bundle's chain.jsonl, and what the vault keeps for every entry, withdrawn or not. */
export interface ChainLink {
  seq: number
  commitment: Sha256Hex
  chain: Sha256Hex
  signature: SignatureHex
}

/**
 * A link as read from storage or a file, before its hex is checked: what verifyLinks takes
 * (it checks every hash and signature for its form itself). A ChainLink is one.
 */
export interface UncheckedChainLink {
  seq: number
  commitment: string
  chain: string
  signature: string
}
