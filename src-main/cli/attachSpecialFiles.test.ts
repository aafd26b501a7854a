import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { translate } from '../common/i18n/translate'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../node/testing/testVault'
import { fileHashes } from '../node/testing/fileHashes'
import { runCli } from './runCli'

/**
 * `dalel attach` of files that are not files: a FIFO used to hang for ever, /dev/zero to fill
 * the disk with a temporary blob, /proc/self/environ to store the process environment (the
 * passphrase from DALEL_PASSPHRASE) in the vault. Each is refused with one translated line,
 * and the vault is left exactly as it was.
 */
let root: { path: string; remove: () => Promise<void> }
let vault: string

beforeAll(async () => {
  root = await tempDir('dalel-attach-special-')
  vault = join(root.path, 'vault')
  const created = await createTestVault(vault)
  await created.vault.close()
})
afterAll(async () => {
  await root.remove()
})

async function attach(path: string, lang: 'en' | 'ru' | 'kk' = 'en') {
  let stdout = ''
  let stderr = ''
  const code = await runCli({
    argv: ['attach', vault, path],
    env: { DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LANG: lang },
    stdin: Readable.from([]),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    clock: steppingClock()
  })
  return { code, stdout, stderr }
}

describe.runIf(process.platform === 'linux')('dalel attach of special files', () => {
  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = join(root.path, 'fifo')
    execFileSync('mkfifo', [fifo])
    const before = await fileHashes(vault)
    const r = await attach(fifo)
    expect(r.code).toBe(4)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`dalel: ${translate('en', 'error.not-a-regular-file', { path: fifo })}\n`)
    expect(await fileHashes(vault)).toEqual(before)
  }, 20_000)

  it('refuses /dev/zero and /proc/self/environ, in each language, changing nothing', async () => {
    const before = await fileHashes(vault)
    for (const lang of ['en', 'ru', 'kk'] as const) {
      for (const path of ['/dev/zero', '/proc/self/environ']) {
        const r = await attach(path, lang)
        expect(r.code).toBe(4)
        expect(r.stdout).toBe('')
        expect(r.stderr).toBe(`dalel: ${translate(lang, 'error.system-file-refused', { path })}\n`)
      }
    }
    expect(await fileHashes(vault)).toEqual(before)
    expect(JSON.stringify(await fileHashes(vault))).not.toContain('tmp-')
  }, 60_000)
})
