import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTestVault } from '../testing/useTestVault'
import { addAttachment } from './addAttachment'

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
})
