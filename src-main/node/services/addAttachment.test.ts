import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTestVault } from '../testing/useTestVault'
import { addAttachment } from './addAttachment'
import type { AttachProgress } from './addAttachment'

describe('addAttachment', () => {
  const t = useTestVault('dalel-add-attachment-')

  it('records every file in one entry, named after the files when no title is given', async () => {
    await writeFile(join(t.dir, 'protocol-1.jpg'), 'page one')
    await writeFile(join(t.dir, 'protocol-2.jpg'), 'page two')
    const view = await addAttachment(t.vault, {
      files: [
        { path: join(t.dir, 'protocol-1.jpg') },
        { path: join(t.dir, 'protocol-2.jpg'), name: 'протокол, стр. 2.jpg' }
      ],
      body: 'Копия протокола обыска'
    })
    const entry = t.vault.get(view.seq).entry
    expect(entry?.kind).toBe('file')
    expect(entry?.title).toBe('protocol-1.jpg, протокол, стр. 2.jpg')
    expect(entry?.payload).toEqual({ body: 'Копия протокола обыска' })
    expect(entry?.attachments.map((a) => a.size)).toEqual([8, 8])
    expect(Buffer.from(await t.vault.readAttachment(view.seq, 1)).toString()).toBe('page two')
  })

  it('refuses an empty file list', async () => {
    await expect(addAttachment(t.vault, { files: [] })).rejects.toMatchObject({
      code: 'invalid-input',
      params: { field: 'file' }
    })
  })

  it('refuses the whole entry when one of the files is not a regular file, storing none', async () => {
    const fifo = join(t.dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    await writeFile(join(t.dir, 'ok.txt'), 'fine')
    const before = t.vault.count()
    await expect(
      addAttachment(t.vault, { files: [{ path: join(t.dir, 'ok.txt') }, { path: fifo }] })
    ).rejects.toMatchObject({ name: 'DalelError' })
    expect(t.vault.count()).toBe(before)
  })

  it('reports the bytes encrypted so far, in order, over every file, ending at the total', async () => {
    const MiB = 1024 * 1024
    const sizes = [10 * MiB + 123, 3 * MiB]
    const paths = sizes.map((_, i) => join(t.dir, `video-${i}.mp4`))
    for (const [i, path] of paths.entries()) await writeFile(path, randomBytes(sizes[i] ?? 0))
    const heard: AttachProgress[] = []
    const view = await addAttachment(
      t.vault,
      { files: paths.map((path) => ({ path })) },
      (progress) => heard.push(progress)
    )
    const total = (sizes[0] ?? 0) + (sizes[1] ?? 0)
    // 4 MiB blocks: 4, 8 and 10 MiB of the first file, then the second one's end.
    expect(heard.length).toBeGreaterThanOrEqual(4)
    expect(heard.every((p) => p.bytesTotal === total)).toBe(true)
    const done = heard.map((p) => p.bytesDone)
    for (let i = 1; i < done.length; i++) expect(done[i]).toBeGreaterThan(done[i - 1] ?? 0)
    expect(done.at(-1)).toBe(total)
    expect(done).toContain(sizes[0])
    expect(t.vault.get(view.seq).entry?.attachments.map((a) => a.size)).toEqual(sizes)
  })
})
