import { randomBytes } from 'node:crypto'
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestService } from '../testing/useTestService'

describe('saveAttachmentCopy', () => {
  const t = useTestService('dalel-copy-')
  /** 300 KiB of random bytes: several of the vault's 64 KiB chunks, and a short last one */
  const video = randomBytes(300 * 1024 + 17)
  let seq = 0

  beforeAll(async () => {
    const { service, dir } = t
    await writeFile(join(dir, 'видео обыска.mp4'), video)
    await writeFile(join(dir, 'протокол.txt'), 'Протокол обыска')
    seq = (
      await service.addAttachment({
        files: [{ path: join(dir, 'протокол.txt') }, { path: join(dir, 'видео обыска.mp4') }]
      })
    ).seq
    await mkdir(join(dir, 'out'))
  })

  it('writes the original bytes, decrypted, to the chosen path and nowhere else', async () => {
    const out = join(t.dir, 'out', 'копия.mp4')
    const saved = await t.service.saveAttachmentCopy({ seq, index: 1, out })
    expect(saved).toEqual({
      path: out,
      bytes: video.length,
      sha256: t.service.getEntry(String(seq)).entry?.attachments[1]?.sha256
    })
    expect((await readFile(out)).equals(video)).toBe(true)
    // Only the copy: no temporary file left beside it.
    expect(await readdir(join(t.dir, 'out'))).toEqual(['копия.mp4'])
    // Readable by the person only: it is evidence in plain form.
    expect((await stat(out)).mode & 0o077).toBe(0)
  })

  it('refuses to replace an existing file unless told to, and leaves it as it was', async () => {
    const out = join(t.dir, 'out', 'already.txt')
    await writeFile(out, 'a file the journalist keeps')
    await expect(t.service.saveAttachmentCopy({ seq, index: 0, out })).rejects.toMatchObject({
      code: 'file-exists',
      params: { path: out }
    })
    expect(await readFile(out, 'utf8')).toBe('a file the journalist keeps')
    await t.service.saveAttachmentCopy({ seq, index: 0, out, overwrite: true })
    expect(await readFile(out, 'utf8')).toBe('Протокол обыска')
    expect((await readdir(join(t.dir, 'out'))).filter((n) => n.startsWith('.tmp-'))).toEqual([])
  })

  it('refuses a folder inside the vault, an unknown attachment and a relative path', async () => {
    await expect(
      t.service.saveAttachmentCopy({ seq, index: 0, out: join(t.vaultPath, 'blobs', 'x.txt') })
    ).rejects.toMatchObject({ code: 'invalid-input', params: { field: 'out' } })
    await expect(
      t.service.saveAttachmentCopy({ seq, index: 2, out: join(t.dir, 'out', 'none.txt') })
    ).rejects.toMatchObject({ code: 'entry-not-found' })
    await expect(
      t.service.saveAttachmentCopy({ seq, index: 0, out: 'relative.txt' })
    ).rejects.toMatchObject({ code: 'invalid-input' })
    expect(await readdir(join(t.dir, 'out'))).not.toContain('none.txt')
  })

  it('names the missing folder when the chosen place is gone', async () => {
    const out = join(t.dir, 'pulled-drive', 'copy.txt')
    await expect(t.service.saveAttachmentCopy({ seq, index: 0, out })).rejects.toMatchObject({
      code: 'file-not-found',
      params: { path: out }
    })
  })

  it('saves nothing of a withdrawn entry', async () => {
    await t.service.withdraw({ target: String(seq), reason: 'личные данные' })
    await expect(
      t.service.saveAttachmentCopy({ seq, index: 0, out: join(t.dir, 'out', 'gone.txt') })
    ).rejects.toMatchObject({ code: 'entry-not-found' })
  })
})
