import { execFile } from 'node:child_process'
import { createHash, randomFillSync } from 'node:crypto'
import { mkdir, readdir, rm, statfs, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectReopensWith } from '../testing/expectReopensWith'
import { fileHashes } from '../testing/fileHashes'
import { tempFilesIn } from '../testing/tempFilesIn'
import { createTestVault, steppingClock, tempDir } from '../testing/testVault'
import { Vault } from './Vault'

/*
 * A file of 32 MiB or more is sealed on two threads and written past the page cache
 * (DirectWriter, issue 12 item 16). These check what that path stores, where its bytes go,
 * and that a full disk still loses nothing.
 */
const run = promisify(execFile)
const MiB = 1024 * 1024
/** Over sealFileInto's two-thread threshold, and not a whole number of blocks or pages. */
const LARGE = 40 * MiB + 5
const TMPFS_MAGIC = 0x01021994

let root: Awaited<ReturnType<typeof tempDir>>
beforeAll(async () => {
  root = await tempDir()
})
afterAll(async () => {
  await root.remove()
})

async function blobFiles(vaultDir: string): Promise<string[]> {
  const names = await readdir(join(vaultDir, 'blobs'), { recursive: true })
  return names.filter((name) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(name))
}

/** Bytes of the file that are in the page cache (util-linux fincore), or null without fincore. */
async function residentBytes(path: string): Promise<number | null> {
  try {
    const { stdout } = await run('fincore', ['--bytes', '--noheadings', '--output', 'RES', path])
    return Number(stdout.trim())
  } catch {
    return null
  }
}

describe('A large attachment', () => {
  it('opens to the same bytes and SHA-256, and its ciphertext does not stay in the page cache', async () => {
    const dir = join(root.path, 'vault')
    const { vault, recoveryCode } = await createTestVault(dir)
    const plain = randomFillSync(Buffer.alloc(LARGE))
    const source = join(root.path, 'video.bin')
    await writeFile(source, plain)
    try {
      const entry = await vault.append({ kind: 'file', title: 'Видео', payload: {} }, [
        { path: source }
      ])
      const [blob] = await blobFiles(dir)
      expect(blob).toBeDefined()
      // Before anything reads it back. Written O_DIRECT, only the last page (under 4 KiB,
      // written through the cache) may be cached; written through the cache, all 40 MiB
      // were. Not where there is no O_DIRECT or where every file lives in memory (tmpfs).
      const resident = await residentBytes(join(dir, 'blobs', blob ?? ''))
      if (
        resident !== null &&
        process.platform === 'linux' &&
        (await statfs(dir)).type !== TMPFS_MAGIC
      )
        expect(resident).toBeLessThan(LARGE / 2)
      expect(entry.entry?.attachments[0]?.sha256).toBe(
        createHash('sha256').update(plain).digest('hex')
      )
      expect(entry.entry?.attachments[0]?.size).toBe(LARGE)
      expect(Buffer.from(await vault.readAttachment(entry.seq, 0)).equals(plain)).toBe(true)
    } finally {
      await vault.close()
    }
    const reopened = await Vault.open(dir, { recoveryCode }, {}, { clock: steppingClock() })
    try {
      expect(await reopened.verify()).toMatchObject({ ok: true, problems: [], warnings: [] })
    } finally {
      await reopened.close()
    }
  })

  it('on a full disk is refused with disk-full, leaving the vault and its files as they were', async ({
    skip
  }) => {
    const mount = join(root.path, 'small-disk')
    await mkdir(mount)
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', mount])
    } catch (error) {
      skip(true, `cannot mount a small tmpfs here: ${String(error)}`)
    }
    try {
      const dir = join(mount, 'vault')
      const { vault, recoveryCode } = await createTestVault(dir)
      const note = await vault.append({ kind: 'note', title: 'Обыск', payload: {} })
      const source = join(root.path, 'too-large.bin')
      await writeFile(source, randomFillSync(Buffer.alloc(LARGE)))
      // About 8 MiB left: two sealed blocks land, then the disk is full mid-file.
      const { bavail, bsize } = await statfs(mount)
      const filler = join(mount, 'filler')
      await writeFile(filler, Buffer.alloc(Math.max(0, bavail * bsize - 8 * MiB)))
      const before = await fileHashes(dir)
      try {
        const attach = vault.append({ kind: 'file', title: 'Видео', payload: {} }, [
          { path: source }
        ])
        await expect(attach).rejects.toMatchObject({ code: 'disk-full' })
        expect(await tempFilesIn(dir)).toEqual([])
        expect(await fileHashes(dir)).toEqual(before)
        expect(vault.list().map((e) => e.id)).toEqual([note.id])
      } finally {
        await vault.close()
        await rm(filler)
      }
      await expectReopensWith(dir, recoveryCode, [note.id])
    } finally {
      await run('umount', [mount]).catch(() => run('umount', ['-l', mount]))
    }
  })
})
