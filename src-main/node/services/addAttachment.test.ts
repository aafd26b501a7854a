import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestVault, tempDir } from '../testing/testVault'
import type { Vault } from '../vault/Vault'
import { addAttachment } from './addAttachment'

describe('addAttachment', () => {
  let vault: Vault
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-add-attachment-'))
    ;({ vault } = await createTestVault(join(dir, 'vault')))
  })
  afterAll(async () => {
    await vault.close()
    await remove()
  })

  it('records every file in one entry, named after the files when no title is given', async () => {
    await writeFile(join(dir, 'protocol-1.jpg'), 'page one')
    await writeFile(join(dir, 'protocol-2.jpg'), 'page two')
    const view = await addAttachment(vault, {
      files: [
        { path: join(dir, 'protocol-1.jpg') },
        { path: join(dir, 'protocol-2.jpg'), name: 'протокол, стр. 2.jpg' }
      ],
      body: 'Копия протокола обыска'
    })
    const entry = vault.get(view.seq).entry
    expect(entry?.kind).toBe('file')
    expect(entry?.title).toBe('protocol-1.jpg, протокол, стр. 2.jpg')
    expect(entry?.payload).toEqual({ body: 'Копия протокола обыска' })
    expect(entry?.attachments.map((a) => a.size)).toEqual([8, 8])
    expect(Buffer.from(await vault.readAttachment(view.seq, 1)).toString()).toBe('page two')
  })

  it('refuses an empty file list', async () => {
    await expect(addAttachment(vault, { files: [] })).rejects.toMatchObject({
      code: 'invalid-input',
      params: { field: 'file' }
    })
  })

  it('refuses the whole entry when one of the files is not a regular file, storing none', async () => {
    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    await writeFile(join(dir, 'ok.txt'), 'fine')
    const before = vault.count()
    await expect(
      addAttachment(vault, { files: [{ path: join(dir, 'ok.txt') }, { path: fifo }] })
    ).rejects.toMatchObject({ name: 'DalelError' })
    expect(vault.count()).toBe(before)
  })
})
