import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestVault, tempDir } from '../testing/testVault'
import type { Vault } from '../vault/Vault'
import { addIncident } from './addIncident'

describe('addIncident', () => {
  let vault: Vault
  let remove: () => Promise<void> = () => Promise.resolve()

  beforeAll(async () => {
    const dir = await tempDir('dalel-add-incident-')
    remove = dir.remove
    ;({ vault } = await createTestVault(join(dir.path, 'vault')))
  })
  afterAll(async () => {
    await vault.close()
    await remove()
  })

  it('records the stated fields in the payload and the title and time on the entry', async () => {
    const view = await addIncident(vault, {
      title: 'Тінту редакцияда',
      occurredAt: '2026-02-27T04:00:00.000Z',
      type: 'search',
      place: 'Алматы, Абай даңғылы 10',
      caseNumber: '№ 2026-0417',
      peoplePresent: [{ name: 'А. Серікова', role: 'редактор' }],
      itemsSeized: ['ноутбук', 'екі телефон']
    })
    const entry = vault.get(view.seq).entry
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
    const view = await addIncident(vault, {
      title: 'DDoS',
      type: 'ddos',
      witnesses: [],
      lawyersRefused: [],
      officials: []
    })
    expect(vault.get(view.seq).entry?.payload).toEqual({ type: 'ddos' })
  })
})
