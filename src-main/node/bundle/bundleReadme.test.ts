import { execFileSync } from 'node:child_process'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BundleManifest } from '../../common/bundle/bundleLayout'
import { FINGERPRINT_COMMAND, PUBLIC_KEY_FILE } from '../../common/bundle/bundleLayout'
import { tempDir } from '../testing/testVault'
import { COMPARE_FINGERPRINT } from '../testing/fingerprintCompare'
import { ed25519PublicKeyPem } from '../crypto/nodeEvidenceCrypto'
import { bundleReadme } from './bundleReadme'

/** README.txt's step 3: the key as the fingerprint the journalist reads out (issue 12 item 9). */
let root: { path: string; remove: () => Promise<void> }
let publicKey = new Uint8Array()
let manifest: BundleManifest

beforeAll(async () => {
  root = await tempDir('dalel-readme-')
  const der = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' })
  publicKey = new Uint8Array(der.subarray(der.length - 32))
  await writeFile(join(root.path, PUBLIC_KEY_FILE), ed25519PublicKeyPem(publicKey))
  manifest = {
    format: 'dalel-bundle',
    version: 1,
    bundleId: '0190a000-0000-7000-8000-000000000001',
    created: '2026-03-01T09:00:00.000Z',
    exporter: 'Айгерим',
    recipient: 'адвокат Ким',
    purpose: 'дело № 12',
    locale: 'kk',
    vaultId: '0190a000-0000-7000-8000-000000000002',
    publicKey: Buffer.from(publicKey).toString('hex'),
    head: { seq: 3, chain: 'ab'.repeat(32), signature: 'cd'.repeat(64) },
    entries: []
  }
})
afterAll(async () => {
  await root.remove()
})

/** The fingerprint as a lawyer computes it by hand: SHA-256 of the raw key, in fours. */
function byHand(key: Uint8Array): string {
  const hex = createHash('sha256').update(key).digest('hex')
  return hex.match(/.{4}/g)?.join(' ') ?? ''
}

describe('README.txt in a bundle', () => {
  it('shows the key fingerprint in each language, and not the raw key', () => {
    const readme = bundleReadme(manifest, 'bundle.zip')
    const sections = readme.split(/\n={78}\n/)
    expect(sections).toHaveLength(3)
    for (const section of sections) expect(section).toContain(byHand(publicKey))
    expect(readme).not.toContain(manifest.publicKey)
  })

  it('tells the lawyer to compare it with the fingerprint the journalist gave, in en, ru and kk', () => {
    const [en = '', ru = '', kk = ''] = bundleReadme(manifest, 'bundle.zip').split(/\n={78}\n/)
    // The line breaks of the text are the catalog's; the sentence is read without them.
    const flat = (text: string) => text.replace(/\s+/g, ' ')
    expect(flat(en)).toContain(COMPARE_FINGERPRINT.en)
    expect(flat(ru)).toContain(COMPARE_FINGERPRINT.ru)
    expect(flat(kk)).toContain(COMPARE_FINGERPRINT.kk)
  })

  it('gives a command that prints the same fingerprint from public-key.pem with openssl', () => {
    expect(bundleReadme(manifest, 'bundle.zip')).toContain(FINGERPRINT_COMMAND)
    const printed = execFileSync('sh', ['-c', FINGERPRINT_COMMAND], {
      cwd: root.path,
      encoding: 'utf8'
    })
    expect(printed.split(/\s/)[0]).toBe(byHand(publicKey).replaceAll(' ', ''))
  })
})
