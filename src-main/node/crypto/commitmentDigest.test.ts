import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { commitmentOf } from '../../common/chain/chain'
import { utf8 } from '../../common/encoding/bytes'
import { canonicalJson } from '../../common/encoding/canonicalJson'
import { fromHex, toHex } from '../../common/encoding/hex'
import { commitmentDigest } from './commitmentDigest'
import { nodeEvidenceCrypto } from './nodeEvidenceCrypto'

const VECTOR_PATH = new URL('../../common/chain/chain-vector.json', import.meta.url)

describe('commitmentDigest', () => {
  it("gives the chain vector's commitments, as commitmentOf does", async () => {
    const vector = JSON.parse(await readFile(VECTOR_PATH, 'utf8')) as {
      entries: { salt: string; entry: unknown; commitment: string }[]
    }
    expect(vector.entries.length).toBeGreaterThan(0)
    for (const { salt, entry, commitment } of vector.entries) {
      const jcs = canonicalJson(entry)
      expect(toHex(commitmentDigest(fromHex(salt), utf8(jcs)))).toBe(commitment)
      expect(toHex(commitmentOf(nodeEvidenceCrypto().sha256, fromHex(salt), utf8(jcs)))).toBe(
        commitment
      )
    }
  })

  it('gives commitmentOf for an entry of any length, a short one right after a long one too', () => {
    const sha256 = nodeEvidenceCrypto().sha256
    const salt = new Uint8Array(32).fill(7)
    // 20 KB of Cyrillic is past the one-shot buffer; the short entries reuse that buffer.
    for (const body of ['д'.repeat(10_000), 'ж'.repeat(500), '', 'а'.repeat(8_000 - 16)]) {
      const jcs = utf8(canonicalJson({ body, seq: 1 }))
      expect(toHex(commitmentDigest(salt, jcs))).toBe(toHex(commitmentOf(sha256, salt, jcs)))
    }
  })
})
