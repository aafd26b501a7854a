import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTestVault } from '../testing/useTestVault'
import { addAttachment } from './addAttachment'
import { withdrawEntry } from './withdrawEntry'

describe('withdrawEntry', () => {
  const t = useTestVault('dalel-withdraw-')

  it('destroys the target and names it by seq only, keeping its commitment in the chain', async () => {
    await writeFile(join(t.dir, 'источник.txt'), 'имя источника')
    const file = await addAttachment(t.vault, {
      files: [{ path: join(t.dir, 'источник.txt') }],
      title: 'Имя источника'
    })
    const view = await withdrawEntry(t.vault, { target: file.id, reason: 'угроза источнику' })
    const withdrawal = t.vault.get(view.seq).entry
    expect(withdrawal?.kind).toBe('withdrawal')
    expect(withdrawal?.title).toBe(`#${file.seq}`)
    expect(withdrawal?.payload).toEqual({
      target: { seq: file.seq, id: file.id },
      reason: 'угроза источнику'
    })
    const target = t.vault.get(file.seq)
    expect(target.entry).toBeNull()
    expect(target.link).toEqual(file.link)
    expect(target.withdrawnBy).toBe(view.seq)
    expect((await t.vault.verify()).ok).toBe(true)
  })
})
