import { describe, expect, it } from 'vitest'
import { amendmentOf } from '../testing/amendmentOf'
import type { Entry } from './Entry'
import { fieldHistory } from './fieldHistory'

const FULL_INCIDENT: Entry = {
  seq: 2,
  id: '01960000-0000-7000-8000-000000000002',
  kind: 'incident',
  recordedAt: '2026-03-02T10:00:00.000Z',
  occurredAt: '2026-03-02T06:15:00+05:00',
  author: 'Айгерим',
  title: 'Обыск в редакции',
  payload: {
    type: 'search',
    caseNumber: '7510-0001',
    place: 'Алматы, пр. Абая 10',
    itemsSeized: ['ноутбук Lenovo'],
    witnesses: ['Петров В.']
  },
  attachments: []
}

const amendment = (
  seq: number,
  reason: string,
  changes: Record<string, unknown>,
  target: Entry = FULL_INCIDENT
) => amendmentOf(target, seq, reason, changes)

describe('fieldHistory', () => {
  it('names the newest amendment of a field corrected twice and keeps every earlier value', () => {
    const fields = fieldHistory(FULL_INCIDENT, [
      amendment(5, 'дом 14, по протоколу', { place: 'Алматы, пр. Абая 14' }),
      amendment(3, 'номер дома', { place: 'Алматы, пр. Абая 12', caseNumber: '7510-0002' })
    ])
    expect([...fields.keys()].sort()).toEqual(['caseNumber', 'place'])
    const place = fields.get('place')
    expect(place?.latest).toEqual({ seq: 5, reason: 'дом 14, по протоколу' })
    expect(place?.label).toBe('field.place')
    expect(place?.steps).toEqual([
      { seq: null, reason: '', value: { shape: 'text', value: 'Алматы, пр. Абая 10' } },
      { seq: 3, reason: 'номер дома', value: { shape: 'text', value: 'Алматы, пр. Абая 12' } },
      {
        seq: 5,
        reason: 'дом 14, по протоколу',
        value: { shape: 'text', value: 'Алматы, пр. Абая 14' }
      }
    ])
    expect(fields.get('caseNumber')?.latest.seq).toBe(3)
  })

  it('reads the title, the time and list fields through the entry-field table', () => {
    const fields = fieldHistory(FULL_INCIDENT, [
      amendment(4, 'время по протоколу', {
        title: 'Обыск в редакции «Власть»',
        occurredAt: '2026-03-02T07:00:00+05:00',
        witnesses: ['Петров В.', 'Ким А.']
      })
    ])
    expect(fields.get('title')?.steps.map((s) => s.value)).toEqual([
      { shape: 'text', value: 'Обыск в редакции' },
      { shape: 'text', value: 'Обыск в редакции «Власть»' }
    ])
    expect(fields.get('occurredAt')?.steps[0]?.value).toEqual({
      shape: 'time',
      value: '2026-03-02T06:15:00+05:00'
    })
    expect(fields.get('witnesses')?.steps.at(-1)?.value).toEqual({
      shape: 'list',
      value: ['Петров В.', 'Ким А.']
    })
  })

  it('shows an emptied field as holding nothing, and ignores amendments of other entries', () => {
    const other = { ...FULL_INCIDENT, seq: 9, id: '01960000-0000-7000-8000-000000000009' }
    const fields = fieldHistory(FULL_INCIDENT, [
      amendment(6, 'изъяли по ошибке', { itemsSeized: [] }),
      amendment(7, 'другая запись', { place: 'Астана' }, other)
    ])
    expect([...fields.keys()]).toEqual(['itemsSeized'])
    expect(fields.get('itemsSeized')?.steps.map((s) => s.value)).toEqual([
      { shape: 'list', value: ['ноутбук Lenovo'] },
      undefined
    ])
  })
})
