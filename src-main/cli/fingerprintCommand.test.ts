import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyFingerprint } from '../common/crypto/keyFingerprint'
import { toHex } from '../common/encoding/hex'
import { keyFingerprint as reportFingerprint } from '../node/bundle/report/renderReport'
import { createTestVault, tempDir } from '../node/testing/testVault'
import { runCliCaptured } from './testing/runCliCaptured'

let root: { path: string; remove: () => Promise<void> }
let vaultPath = ''
let publicKey = ''

beforeAll(async () => {
  root = await tempDir('dalel-fingerprint-')
  vaultPath = join(root.path, 'vault')
  const { vault } = await createTestVault(vaultPath)
  publicKey = toHex(vault.publicKey)
  await vault.close()
})
afterAll(async () => {
  await root.remove()
})

/** No DALEL_PASSPHRASE and an empty stdin: a prompt would fail the command. */
function dalel(argv: string[]) {
  return runCliCaptured(argv, { DALEL_LANG: 'kk' })
}

describe('dalel fingerprint', () => {
  it('prints the SHA-256 of the raw public key in groups of four, without a passphrase', async () => {
    const result = await dalel(['fingerprint', vaultPath])
    expect(result.code).toBe(0)
    const expected = createHash('sha256')
      .update(Buffer.from(publicKey, 'hex'))
      .digest('hex')
      .match(/.{4}/g)
      ?.join(' ')
    expect(result.stdout).toBe(`${expected}\n`)
    expect(result.stderr).toContain('кілт ізі')
    // The report prints the same characters: one function for every face.
    expect(reportFingerprint(publicKey)).toBe(expected)
    const json = JSON.parse((await dalel(['fingerprint', vaultPath, '--json'])).stdout) as {
      fingerprint: string
      publicKey: string
    }
    expect(json).toMatchObject({ fingerprint: expected, publicKey })
  })

  it('says there is no vault, with exit 4', async () => {
    const result = await dalel(['fingerprint', join(root.path, 'nowhere')])
    expect(result.code).toBe(4)
    expect(result.stdout).toBe('')
  })

  it('gives nothing for a key that is not 32 bytes of hex', () => {
    const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest())
    expect(keyFingerprint('abcd', sha)).toBe('')
    expect(keyFingerprint('z'.repeat(64), sha)).toBe('')
  })
})
