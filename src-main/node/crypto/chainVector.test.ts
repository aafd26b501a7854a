import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSodium } from './loadSodium'
import { ed25519PublicKeyPem, nodeEvidenceCrypto } from './nodeEvidenceCrypto'
import { concatBytes, utf8 } from '../../common/encoding/bytes'
import { fromHex, toHex } from '../../common/encoding/hex'
import type { Entry } from '../../common/entry/Entry'
import { genesisHash } from '../../common/chain/chain'
import { sealEntry } from '../../common/chain/sealEntry'
import { verifyLinks } from '../../common/chain/verifyLinks'

interface ChainVector {
  description: string
  seed: string
  publicKey: string
  vaultId: string
  genesis: string
  entries: {
    salt: string
    entry: Entry
    jcs: string
    commitment: string
    chain: string
    signature: string
  }[]
}

const VECTOR_PATH = new URL('../../common/chain/chain-vector.json', import.meta.url)
const vector = JSON.parse(readFileSync(VECTOR_PATH, 'utf8')) as ChainVector

async function compute(): Promise<ChainVector> {
  const sodium = await loadSodium()
  const crypto = nodeEvidenceCrypto()
  const pair = sodium.crypto_sign_seed_keypair(fromHex(vector.seed))
  const signer = {
    publicKey: pair.publicKey,
    sign: (m: Uint8Array) => sodium.crypto_sign_detached(m, pair.privateKey)
  }
  let previous = genesisHash(crypto.sha256, vector.vaultId, pair.publicKey)
  const genesis = toHex(previous)
  const entries = vector.entries.map(({ salt, entry }) => {
    const sealed = sealEntry(crypto.sha256, signer, previous, entry, fromHex(salt))
    previous = fromHex(sealed.link.chain)
    return {
      salt,
      entry,
      jcs: new TextDecoder().decode(sealed.jcs),
      commitment: sealed.link.commitment,
      chain: sealed.link.chain,
      signature: sealed.link.signature
    }
  })
  return { ...vector, publicKey: toHex(pair.publicKey), genesis, entries }
}

describe('the checked-in chain vector', () => {
  it('is reproduced exactly: JCS, commitments, chain hashes and signatures', async () => {
    const computed = await compute()
    if (process.env.DALEL_WRITE_CHAIN_VECTOR === '1') {
      writeFileSync(VECTOR_PATH, `${JSON.stringify(computed, null, 2)}\n`)
    }
    expect(computed).toEqual(vector)
  })

  it('verifies end to end, and fails at the seq where one commitment is changed', () => {
    const crypto = nodeEvidenceCrypto()
    const links = vector.entries.map((e, i) => ({
      seq: i + 1,
      commitment: e.commitment,
      chain: e.chain,
      signature: e.signature
    }))
    const good = verifyLinks(crypto, vector.vaultId, fromHex(vector.publicKey), links as never)
    expect(good.problems).toEqual([])
    const bad = links.map((l) => ({ ...l }))
    const second = bad[1]
    if (second === undefined) throw new Error('vector too short')
    second.commitment = `${second.commitment.slice(0, 63)}${second.commitment.endsWith('0') ? '1' : '0'}`
    const result = verifyLinks(crypto, vector.vaultId, fromHex(vector.publicKey), bad as never)
    expect(result.problems.map((p) => [p.seq, p.code])).toEqual([[2, 'chain-mismatch']])
  })

  it('checks with openssl alone: SHA-256 of the commitment input and the Ed25519 signatures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dalel-vector-'))
    try {
      const pem = join(dir, 'public-key.pem')
      writeFileSync(pem, ed25519PublicKeyPem(fromHex(vector.publicKey)))
      vector.entries.forEach((e, i) => {
        const input = join(dir, `commitment-${i}.bin`)
        writeFileSync(
          input,
          concatBytes(utf8('dalel/entry/v1'), new Uint8Array([0]), fromHex(e.salt), utf8(e.jcs))
        )
        const digest = execFileSync('openssl', ['dgst', '-sha256', '-r', input], {
          encoding: 'utf8'
        }).split(' ')[0]
        expect(digest).toBe(e.commitment)
        const message = join(dir, `chain-${i}.bin`)
        const signature = join(dir, `chain-${i}.sig`)
        writeFileSync(message, fromHex(e.chain))
        writeFileSync(signature, fromHex(e.signature))
        const out = execFileSync(
          'openssl',
          [
            'pkeyutl',
            '-verify',
            '-pubin',
            '-inkey',
            pem,
            '-rawin',
            '-in',
            message,
            '-sigfile',
            signature
          ],
          {
            encoding: 'utf8'
          }
        )
        expect(out).toContain('Signature Verified Successfully')
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
