import { describe, expect, it } from 'vitest'
import type { ChainLink } from '../../common/chain/ChainLink'
import { toSha256Hex, toSignatureHex } from '../../common/encoding/brands'
import { loadSodium } from './loadSodium'
import { verifySignatures } from './verifySignatures'

async function signedLinks(count: number): Promise<{ links: ChainLink[]; publicKey: Uint8Array }> {
  const sodium = await loadSodium()
  const pair = sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(3))
  const links: ChainLink[] = []
  for (let seq = 1; seq <= count; seq++) {
    const chain = sodium.crypto_generichash(32, String(seq), null)
    links.push({
      seq,
      commitment: toSha256Hex(new Uint8Array(32)),
      chain: toSha256Hex(chain),
      signature: toSignatureHex(sodium.crypto_sign_detached(chain, pair.privateKey))
    })
  }
  return { links, publicKey: pair.publicKey }
}

function corrupt(link: ChainLink, field: 'chain' | 'signature'): void {
  const text = link[field]
  const flipped = `${text.slice(0, 10)}${text[10] === 'a' ? 'b' : 'a'}${text.slice(11)}`
  Object.assign(link, { [field]: flipped })
}

describe('verifySignatures', () => {
  it('finds exactly the bad signatures among thousands, across worker threads', async () => {
    const { links, publicKey } = await signedLinks(5000)
    for (const seq of [1, 2500, 4999]) corrupt(links[seq - 1] as ChainLink, 'signature')
    corrupt(links[3000 - 1] as ChainLink, 'chain')
    Object.assign(links[4000 - 1] as ChainLink, { signature: 'zz' })
    expect(await verifySignatures(links, publicKey)).toEqual([1, 2500, 3000, 4000, 4999])
  })

  it('checks small lists in the calling thread with the same result', async () => {
    const { links, publicKey } = await signedLinks(20)
    corrupt(links[6] as ChainLink, 'signature')
    expect(await verifySignatures(links, publicKey)).toEqual([7])
    // Another vault's key: nothing verifies.
    expect(await verifySignatures(links.slice(0, 3), new Uint8Array(32).fill(9))).toEqual([1, 2, 3])
  })
})
