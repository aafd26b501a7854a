import type { ChainLink } from '../chain/ChainLink'
import type { Sha256Hex, SignatureHex } from '../encoding/brands'
import { canonicalJson } from '../encoding/canonicalJson'
import { CHAIN_FILE } from './bundleLayout'
import type { BundleProblem } from './ScannedBundle'
import { isCount, isObject } from './jsonShapes'

/** chain.jsonl: one JCS object {chain, commitment, seq, signature} per line. */
export function parseChain(chain: string, problems: BundleProblem[]): ChainLink[] {
  const links: ChainLink[] = []
  const malformed = (line: number, detail: string) =>
    problems.push({ code: 'chain-malformed', file: CHAIN_FILE, detail: `line ${line}: ${detail}` })
  if (!chain.endsWith('\n')) malformed(chain.split('\n').length, 'no final newline')
  const lines = chain.split('\n')
  if (lines.at(-1) === '') lines.pop()
  if (lines.length === 0) malformed(1, 'empty')
  for (const [index, line] of lines.entries()) {
    let raw: unknown
    try {
      raw = JSON.parse(line)
    } catch {
      malformed(index + 1, 'not JSON')
      continue
    }
    if (
      !isObject(raw) ||
      Object.keys(raw).length !== 4 ||
      !isCount(raw.seq, 1) ||
      typeof raw.commitment !== 'string' ||
      typeof raw.chain !== 'string' ||
      typeof raw.signature !== 'string'
    ) {
      malformed(index + 1, 'not {chain, commitment, seq, signature}')
      continue
    }
    if (canonicalJson(raw) !== line) {
      malformed(index + 1, 'not canonical JSON (JCS)')
      continue
    }
    links.push({
      seq: raw.seq,
      commitment: raw.commitment as Sha256Hex,
      chain: raw.chain as Sha256Hex,
      signature: raw.signature as SignatureHex
    })
  }
  return links
}
