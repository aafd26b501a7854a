import { createHash, randomBytes } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTestVault } from '../testing/useTestVault'
import { addAttachment, hashAttachmentsAhead } from './addAttachment'

const MiB = 1024 * 1024

/** Every file under the vault's blobs/ folder (blobs and leftover temporary files alike). */
async function blobFiles(vaultPath: string): Promise<string[]> {
  const entries = await readdir(join(vaultPath, 'blobs'), { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => e.name)
}

/** Overwrites `bytes.length` bytes of the file at `offset`, in place (same size). */
function overwriteAt(path: string, offset: number, bytes: Uint8Array): void {
  const fd = openSync(path, 'r+')
  try {
    writeSync(fd, bytes, 0, bytes.length, offset)
  } finally {
    closeSync(fd)
  }
}

describe('attaching a file hashed ahead (the CLI hashes while it unlocks)', () => {
  const t = useTestVault('dalel-hash-ahead-')

  it('records the SHA-256 of the bytes sealed, and the vault verifies', async () => {
    const path = join(t.dir, 'video.mp4')
    // Past 32 MiB: sealed on two threads.
    const bytes = randomBytes(40 * MiB + 17)
    await writeFile(path, bytes)
    const digests = await hashAttachmentsAhead([path])
    const view = await addAttachment(t.vault, { files: [{ path }] }, undefined, digests)
    const attachment = t.vault.get(view.seq).entry?.attachments[0]
    expect(attachment?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    expect(attachment?.size).toBe(bytes.length)
    expect(Buffer.from(await t.vault.readAttachment(view.seq, 0)).equals(bytes)).toBe(true)
    expect((await t.vault.verify()).ok).toBe(true)
  })

  it('refuses a file written to while it is being sealed, and keeps nothing of it', async () => {
    const path = join(t.dir, 'growing.mp4')
    await writeFile(path, randomBytes(18 * MiB))
    const digests = await hashAttachmentsAhead([path])
    const before = t.vault.count()
    const blobsBefore = await blobFiles(t.vaultPath)
    let written = false
    await expect(
      addAttachment(
        t.vault,
        { files: [{ path }] },
        () => {
          // The first progress comes once the first 4 MiB block is written, while the third is
          // read; the last block (16–18 MiB) is read later, after this write.
          if (written) return
          written = true
          overwriteAt(path, 17 * MiB, randomBytes(4096))
        },
        digests
      )
    ).rejects.toMatchObject({ code: 'file-changed', params: { path } })
    expect(written).toBe(true)
    expect(t.vault.count()).toBe(before)
    expect(await blobFiles(t.vaultPath)).toEqual(blobsBefore)
  })

  it('refuses a file changed in place between hashing and sealing, even with its times put back', async () => {
    const path = join(t.dir, 'photo.jpg')
    await writeFile(path, randomBytes(5 * MiB))
    const digests = await hashAttachmentsAhead([path])
    const { atime, mtime } = await stat(path)
    overwriteAt(path, 100, Buffer.from('changed'))
    await utimes(path, atime, mtime)
    await expect(
      addAttachment(t.vault, { files: [{ path }] }, undefined, digests)
    ).rejects.toMatchObject({ code: 'file-changed' })
  })

  it('refuses a file that grew after it was hashed', async () => {
    const path = join(t.dir, 'download.part')
    await writeFile(path, randomBytes(4 * MiB))
    const digests = await hashAttachmentsAhead([path])
    await writeFile(path, randomBytes(1000), { flag: 'a' })
    await expect(
      addAttachment(t.vault, { files: [{ path }] }, undefined, digests)
    ).rejects.toMatchObject({ code: 'file-changed' })
  })

  it('stops hashing when told to', async () => {
    const path = join(t.dir, 'big.bin')
    await writeFile(path, randomBytes(12 * MiB))
    const stop = new AbortController()
    stop.abort(new Error('the unlock failed'))
    await expect(hashAttachmentsAhead([path], stop.signal)).rejects.toThrow('the unlock failed')
    // The file is still there and unchanged: hashing only reads it.
    expect((await readFile(path)).length).toBe(12 * MiB)
  })
})
