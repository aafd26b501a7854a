import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../common/encoding/hex'
import type { Locale } from '../common/i18n/translate'
import { COMPARE_FINGERPRINT } from '../node/testing/fingerprintCompare'
import { TEST_PASSPHRASE, createTestVault, tempDir } from '../node/testing/testVault'
import { runCliCaptured } from './testing/runCliCaptured'

/**
 * Issue 12 item 9: every command that shows the vault's key shows it as the one fingerprint
 * (`dalel fingerprint`), and `verify-bundle` tells the lawyer to compare it with the
 * fingerprint the journalist gave.
 */
let root: { path: string; remove: () => Promise<void> }
let vaultPath = ''
let publicKey = ''
let fingerprint = ''

beforeAll(async () => {
  root = await tempDir('dalel-fingerprint-faces-')
  vaultPath = join(root.path, 'vault')
  const { vault } = await createTestVault(vaultPath)
  publicKey = toHex(vault.publicKey)
  await vault.close()
  // As a lawyer computes it by hand: SHA-256 of the raw key, in groups of four.
  const hex = createHash('sha256').update(Buffer.from(publicKey, 'hex')).digest('hex')
  fingerprint = hex.match(/.{4}/g)?.join(' ') ?? ''
  const note = await dalel('en', ['note', vaultPath, '--title', 'Звонок с угрозой'])
  expect(note.code).toBe(0)
})
afterAll(async () => {
  await root.remove()
})

/** No PATH: export finds no Chromium and writes report.html only, quickly. */
function dalel(lang: Locale, argv: string[], passphrase = TEST_PASSPHRASE) {
  return runCliCaptured(argv, { DALEL_LANG: lang, DALEL_PASSPHRASE: passphrase })
}

describe('the key fingerprint in every command', () => {
  for (const lang of ['en', 'ru', 'kk'] as const) {
    it(`verify, show, export and verify-bundle show it in ${lang}, never the raw key`, async () => {
      const verify = await dalel(lang, ['verify', vaultPath])
      expect(verify.code).toBe(0)
      expect(verify.stdout).toContain(fingerprint)
      const verifyJson: unknown = JSON.parse(
        (await dalel(lang, ['verify', vaultPath, '--json'])).stdout
      )
      expect(verifyJson).toMatchObject({ ok: true, fingerprint })

      const show = await dalel(lang, ['show', vaultPath, '1'])
      expect(show.code).toBe(0)
      expect(show.stdout).toContain(fingerprint)

      const bundle = join(root.path, `bundle-${lang}.zip`)
      const exported = await dalel(lang, ['export', vaultPath, '--out', bundle, '--all'])
      expect(exported.code).toBe(0)
      expect(exported.stderr).toContain(fingerprint)

      const checked = await dalel(lang, ['verify-bundle', bundle])
      expect(checked.code).toBe(0)
      expect(checked.stdout).toContain(fingerprint)
      expect(checked.stdout).toContain(COMPARE_FINGERPRINT[lang])
      const checkedJson: unknown = JSON.parse(
        (await dalel(lang, ['verify-bundle', bundle, '--json'])).stdout
      )
      expect(checkedJson).toMatchObject({ ok: true, fingerprint })

      for (const run of [verify, show, exported, checked])
        expect(`${run.stdout}${run.stderr}`).not.toContain(publicKey)
    })
  }

  it('init says the new vault’s fingerprint, the one `dalel fingerprint` prints later', async () => {
    const path = join(root.path, 'new-vault')
    const created = await dalel(
      'kk',
      ['init', path, '--author', 'Айгерим'],
      'қызыл алма терезе велосипед'
    )
    expect(created.code).toBe(0)
    const printed = await dalel('kk', ['fingerprint', path])
    expect(printed.stdout).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){15}\n$/)
    expect(created.stderr).toContain(`Кілт ізі: ${printed.stdout.trim()}`)
    // On stderr: stdout stays the recovery code alone, for scripts.
    expect(created.stdout).not.toContain(printed.stdout.trim())
  })
})
