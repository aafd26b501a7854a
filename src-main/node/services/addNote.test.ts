import { describe, expect, it } from 'vitest'
import { useTestVault } from '../testing/useTestVault'
import { addNote } from './addNote'

describe('addNote', () => {
  const t = useTestVault('dalel-add-note-')

  it('records the title, body, tags and stated time as a note', async () => {
    const view = await addNote(t.vault, {
      title: 'Звонок с угрозами',
      body: 'Позвонили в 22:40, номер скрыт.',
      occurredAt: '2026-02-28T17:40:00.000Z',
      tags: ['угроза']
    })
    expect(view.kind).toBe('note')
    expect(view.entry?.title).toBe('Звонок с угрозами')
    expect(view.entry?.occurredAt).toBe('2026-02-28T17:40:00.000Z')
    expect(t.vault.get(view.seq).entry?.payload).toEqual({
      body: 'Позвонили в 22:40, номер скрыт.',
      tags: ['угроза']
    })
  })

  it('leaves out an empty tag list and an absent body instead of storing them', async () => {
    const view = await addNote(t.vault, { title: 'Без тегов', tags: [] })
    const stored = t.vault.get(view.seq).entry
    expect(stored?.payload).toEqual({})
    expect(stored && 'occurredAt' in stored).toBe(false)
  })
})
