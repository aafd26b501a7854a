import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestVault, tempDir } from '../testing/testVault'
import type { Vault } from '../vault/Vault'
import { addAttachment } from './addAttachment'
import { withdrawEntry } from './withdrawEntry'

describe('withdrawEntry', () => {
  let vault: Vault
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-withdraw-'))
    ;({ vault } = await createTestVault(join(dir, 'vault')))
  })
  afterAll(async () => {
    await vault.close()
    await remove()
  })

  it('destroys the target and names it by seq only, keeping its commitment in the chain', async () => {
    await writeFile(join(dir, 'источник.txt'), 'имя источника')
    const file = await addAttachment(vault, {
      files: [{ path: join(dir, 'источник.txt') }],
      title: 'Имя источника'
    })
    const view = await withdrawEntry(vault, { target: file.id, reason: 'угроза источнику' })
    const withdrawal = vault.get(view.seq).entry
    expect(withdrawal?.kind).toBe('withdrawal')
    expect(withdrawal?.title).toBe(`#${file.seq}`)
    expect(withdrawal?.payload).toEqual({
      target: { seq: file.seq, id: file.id },
      reason: 'угроза источнику'
    })
    const target = vault.get(file.seq)
    expect(target.entry).toBeNull()
    expect(target.link).toEqual(file.link)
    expect(target.withdrawnBy).toBe(view.seq)
    expect((await vault.verify()).ok).toBe(true)
  })
})
