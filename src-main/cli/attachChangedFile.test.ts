import { randomBytes } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { readdir, readlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { translate } from '../common/i18n/translate'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../node/testing/testVault'
import { fileHashes } from '../node/testing/fileHashes'
import { runCli } from './runCli'

/**
 * `dalel attach` hashes the files while the passphrase is read and the key derived. A file
 * changed after it was hashed and before it was sealed (a download still running) must be
 * refused with one translated line, the vault left as it was — never sealed under the hash
 * of the bytes it had before.
 */
let root: { path: string; remove: () => Promise<void> }
let vault: string

beforeAll(async () => {
  root = await tempDir('dalel-attach-changed-')
  vault = join(root.path, 'vault')
  const created = await createTestVault(vault)
  await created.vault.close()
})
afterAll(async () => {
  await root.remove()
})

/** Whether this process has `path` open now (its descriptors in /proc/self/fd). */
async function isOpenHere(path: string): Promise<boolean> {
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(join('/proc/self/fd', fd)).catch(() => '')
    if (target === path) return true
  }
  return false
}

/** Resolves once `path` has been opened by this process and closed again: read through. */
async function readThrough(path: string): Promise<void> {
  let seenOpen = false
  for (;;) {
    const open = await isOpenHere(path)
    if (seenOpen && !open) return
    seenOpen ||= open
    await new Promise((resolve) => setImmediate(resolve))
  }
}

describe.runIf(process.platform === 'linux')('dalel attach of a file that changes', () => {
  it('refuses, in Russian, a file written to after it was hashed while the passphrase was awaited', async () => {
    const path = join(root.path, 'download.mp4')
    await writeFile(path, randomBytes(48 * 1024 * 1024))
    const before = await fileHashes(vault)
    const stdin = new PassThrough()
    let stdout = ''
    let stderr = ''
    const run = runCli({
      argv: ['attach', vault, path, '--passphrase-stdin'],
      env: { DALEL_LANG: 'ru' },
      stdin,
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      clock: steppingClock()
    })
    // Hashing starts before the passphrase is read; once it has read the file through, the
    // download "goes on" in place, and only then is the passphrase typed.
    await readThrough(path)
    const fd = openSync(path, 'r+')
    writeSync(fd, randomBytes(4096), 0, 4096, 30 * 1024 * 1024)
    closeSync(fd)
    stdin.end(`${TEST_PASSPHRASE}\n`)
    expect(await run).toBe(4)
    expect(stdout).toBe('')
    expect(stderr).toBe(`dalel: ${translate('ru', 'error.file-changed', { path })}\n`)
    expect(await fileHashes(vault)).toEqual(before)
  }, 60_000)
})
