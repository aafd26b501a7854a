import { describe, expect, it } from 'vitest'
import { useTestVault } from '../testing/useTestVault'
import { addIncident } from './addIncident'

describe('addIncident', () => {
  const t = useTestVault('dalel-add-incident-')

  it('records the stated fields in the payload and the title and time on the entry', async () => {
    const view = await addIncident(t.vault, {
      title: 'Тінту редакцияда',
      occurredAt: '2026-02-27T04:00:00.000Z',
      type: 'search',
      place: 'Алматы, Абай даңғылы 10',
      caseNumber: '№ 2026-0417',
      peoplePresent: [{ name: 'А. Серікова', role: 'редактор' }],
      itemsSeized: ['ноутбук', 'екі телефон']
    })
    const entry = t.vault.get(view.seq).entry
    expect(entry?.kind).toBe('incident')
    expect(entry?.title).toBe('Тінту редакцияда')
    expect(entry?.occurredAt).toBe('2026-02-27T04:00:00.000Z')
    expect(entry?.payload).toEqual({
      type: 'search',
      place: 'Алматы, Абай даңғылы 10',
      caseNumber: '№ 2026-0417',
      peoplePresent: [{ name: 'А. Серікова', role: 'редактор' }],
      itemsSeized: ['ноутбук', 'екі телефон']
    })
  })

  it('leaves out the lists and fields the form left empty', async () => {
    const view = await addIncident(t.vault, {
      title: 'DDoS',
      type: 'ddos',
      witnesses: [],
      lawyersRefused: [],
      officials: []
    })
    expect(t.vault.get(view.seq).entry?.payload).toEqual({ type: 'ddos' })
  })
})
