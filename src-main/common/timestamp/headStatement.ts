import { utf8 } from '../encoding/bytes'
import { isHexOf } from '../encoding/hex'

/** The head a trusted timestamp covers: every entry from 1 to `seq` of vault `vaultId`. */
export interface CoveredHead {
  vaultId: string
  seq: number
  /** chain_seq, 64 lowercase hex */
  chain: string
}

/**
 * The exact text a token covers (DESIGN "Trusted time"): UTF-8, LF line ends, nothing else.
 * Any tool can rebuild it from chain.jsonl and the manifest and hash it with sha256sum.
 */
export function headStatement(head: CoveredHead): string {
  if (!Number.isSafeInteger(head.seq) || head.seq < 1) throw new RangeError('seq must be 1 or more')
  if (!isHexOf(head.chain, 32)) throw new RangeError('chain must be 64 lowercase hex digits')
  return `dalel-head/v1\nvault ${head.vaultId}\nseq ${head.seq}\nchain ${head.chain}\n`
}

export function headStatementBytes(head: CoveredHead): Uint8Array {
  return utf8(headStatement(head))
}

const STATEMENT =
  /^dalel-head\/v1\nvault ([0-9a-f-]{36})\nseq ([1-9][0-9]{0,15})\nchain ([0-9a-f]{64})\n$/

/** Reads a statement back; null for anything that is not exactly one (no extra byte allowed). */
export function parseHeadStatement(text: string): CoveredHead | null {
  const match = STATEMENT.exec(text)
  if (match === null) return null
  const seq = Number(match[2])
  if (!Number.isSafeInteger(seq)) return null
  return { vaultId: match[1] ?? '', seq, chain: match[3] ?? '' }
}
