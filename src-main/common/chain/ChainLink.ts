import type { Sha256Hex, SignatureHex } from '../encoding/brands'

/** One line of a bundle's chain.jsonl, and what the vault keeps for every entry, withdrawn or not. */
export interface ChainLink {
  seq: number
  commitment: Sha256Hex
  chain: Sha256Hex
  signature: SignatureHex
}
