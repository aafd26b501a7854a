import { describe, expect, it } from 'vitest'
import { useTestVault } from '../testing/useTestVault'
import { addIncident } from './addIncident'
import { addNote } from './addNote'
import { amendEntry } from './amendEntry'
import { withdrawEntry } from './withdrawEntry'

describe('amendEntry', () => {
  const t = useTestVault('dalel-amend-')

  it('records the corrected fields, the reason and both references to the target', async () => {
    const incident = await addIncident(t.vault, { title: 'Обыск', type: 'search', place: 'Астана' })
    const view = await amendEntry(t.vault, {
      target: String(incident.seq),
      reason: 'адрес уточнён',
      place: 'Астана, ул. Бейбітшілік 4',
      changes: { caseNumber: '№ 17' }
    })
    const entry = t.vault.get(view.seq).entry
    expect(entry?.kind).toBe('amendment')
    expect(entry?.title).toBe('Обыск')
    expect(entry?.payload).toEqual({
      target: { seq: incident.seq, id: incident.id },
      reason: 'адрес уточнён',
      changes: { place: 'Астана, ул. Бейбітшілік 4', caseNumber: '№ 17' }
    })
  })

  it("refuses a field the target's kind does not let an amendment correct", async () => {
    const note = await addNote(t.vault, { title: 'Заметка' })
    const before = t.vault.count()
    await expect(
      amendEntry(t.vault, { target: note.id, reason: 'r', place: 'Алматы' })
    ).rejects.toMatchObject({
      code: 'not-amendable',
      params: { field: 'place', kind: 'note', seq: note.seq }
    })
    expect(t.vault.count()).toBe(before)
  })

  it('refuses an amendment that changes nothing, and one of a withdrawn entry', async () => {
    const note = await addNote(t.vault, { title: 'Вторая заметка' })
    await expect(amendEntry(t.vault, { target: note.id, reason: 'r' })).rejects.toMatchObject({
      code: 'invalid-input',
      params: { field: 'changes' }
    })
    await withdrawEntry(t.vault, { target: note.id, reason: 'ошибка' })
    await expect(
      amendEntry(t.vault, { target: note.id, reason: 'r', title: 'Новое' })
    ).rejects.toMatchObject({ code: 'entry-withdrawn', params: { id: note.id } })
  })
})
