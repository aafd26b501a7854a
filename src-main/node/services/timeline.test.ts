import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import type { LocalTsa, TsaPki } from '../testing/localTsa'
import { makeTsaPki, removeTsaPki, startLocalTsa } from '../testing/localTsa'
import { VaultService } from './VaultService'

/**
 * The timeline over a real vault: pages by cursor and by offset, each with the total; the
 * order by when it happened or by when it was recorded; filters; search with a snippet.
 */
describe('the timeline service', () => {
  const service = new VaultService({ clock: steppingClock('2026-12-01T09:00:00.000Z') })
  let remove: () => Promise<void> = () => Promise.resolve()

  beforeAll(async () => {
    const dir = await tempDir('dalel-timeline-')
    remove = dir.remove
    await service.createVault(`${dir.path}/vault`, {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    })
    // Recorded in December; the search itself was in March, stated with a zone offset.
    await service.addIncident({
      title: 'Тінту редакцияда',
      type: 'search',
      occurredAt: '2026-03-01T07:00:00+05:00',
      body: 'Полиция ноутбукты алып кетті',
      tags: ['тінту']
    })
    for (let i = 1; i <= 30; i += 1)
      await service.addNote({ title: `Ескертпе ${i}`, body: `мәтін ${i}`, tags: ['күнделік'] })
    const first = service.list({ kinds: ['note'] }).at(-1)
    await service.amend({ target: String(first?.seq), reason: 'қате', title: 'Түзетілген' })
    await service.withdraw({ target: '3', reason: 'жеке мәлімет' })
  })

  afterAll(async () => {
    await service.lock()
    await remove()
  })

  it('pages by cursor with the total, without repeating or skipping an entry', () => {
    const seen: number[] = []
    let cursor: string | undefined
    let pages = 0
    for (;;) {
      const page = service.timeline({
        order: 'recorded',
        limit: 7,
        ...(cursor !== undefined ? { cursor } : {})
      })
      expect(page.total).toBe(33)
      expect(page.rows.length).toBeLessThanOrEqual(7)
      seen.push(...page.rows.map((row) => row.seq))
      pages += 1
      if (page.nextCursor === null) break
      cursor = page.nextCursor
    }
    expect(pages).toBe(5)
    expect(seen).toEqual(Array.from({ length: 33 }, (_, i) => 33 - i))
  })

  it('jumps to the first entry by offset without reading the pages before it', () => {
    const page = service.timeline({ order: 'recorded', limit: 5, offset: 30 })
    expect(page.rows.map((row) => row.seq)).toEqual([3, 2, 1])
    expect(page.nextCursor).toBeNull()
  })

  it('puts an incident from March under March, before entries recorded in December', () => {
    const byOccurred = service.timeline({ order: 'occurred', limit: 100 })
    expect(byOccurred.rows.at(-1)?.title).toBe('Тінту редакцияда')
    expect(byOccurred.rows.at(-1)?.at).toBe('2026-03-01T02:00:00.000Z')
    const byRecorded = service.timeline({ order: 'recorded', limit: 100 })
    expect(byRecorded.rows.at(-1)?.title).toBe('Тінту редакцияда')
    expect(byRecorded.rows[0]?.kind).toBe('withdrawal')
    const ascending = service.timeline({ order: 'occurred', ascending: true, limit: 1 })
    expect(ascending.rows[0]?.incidentType).toBe('search')
  })

  it('marks amended and withdrawn entries, and what amendments and withdrawals name', () => {
    const rows = service.timeline({ order: 'recorded', limit: 100 }).rows
    const amended = rows.find((row) => row.seq === 2)
    expect(amended?.amendments).toBe(1)
    const withdrawn = rows.find((row) => row.seq === 3)
    expect(withdrawn?.withdrawnBy).toBe(33)
    expect(withdrawn?.title).toBeNull()
    expect(rows.find((row) => row.kind === 'amendment')?.target).toBe(2)
  })

  it('filters by kind, incident type, tag and date range', () => {
    expect(service.timeline({ order: 'occurred', limit: 50, kinds: ['incident'] }).total).toBe(1)
    expect(
      service.timeline({
        order: 'occurred',
        limit: 50,
        kinds: ['incident'],
        incidentTypes: ['ddos']
      }).total
    ).toBe(0)
    expect(service.timeline({ order: 'occurred', limit: 50, tag: 'тінту' }).total).toBe(1)
    // 29 notes carry the tag; the withdrawn one lost its content with it.
    expect(service.timeline({ order: 'occurred', limit: 50, tag: 'күнделік' }).total).toBe(29)
    const march = service.timeline({
      order: 'occurred',
      limit: 50,
      from: '2026-03-01T00:00:00+05:00',
      to: '2026-03-02T00:00:00+05:00'
    })
    expect(march.rows.map((row) => row.title)).toEqual(['Тінту редакцияда'])
    expect(
      service.timeline({ order: 'recorded', limit: 50, to: '2026-03-02T00:00:00Z' }).total
    ).toBe(0)
  })

  it('searches as typed, a word prefix, with the match marked in a snippet', () => {
    const found = service.timeline({ order: 'occurred', limit: 10, text: 'ноутбук' })
    expect(found.total).toBe(1)
    expect(found.rows[0]?.snippet).toContain('\u0002ноутбукты\u0003')
    expect(service.timeline({ order: 'occurred', limit: 10, text: '  ' }).total).toBe(33)
    expect(service.timeline({ order: 'occurred', limit: 10, text: '!!' }).total).toBe(0)
  })
})

describe('trusted time in the timeline', () => {
  const service = new VaultService({ clock: steppingClock('2026-12-01T09:00:00.000Z') })
  let pki: TsaPki
  let tsa: LocalTsa
  let remove: () => Promise<void> = () => Promise.resolve()
  const rows = () =>
    new Map(service.timeline({ order: 'recorded', limit: 50 }).rows.map((r) => [r.seq, r]))

  beforeAll(async () => {
    pki = await makeTsaPki()
    tsa = await startLocalTsa(pki)
    const dir = await tempDir('dalel-timeline-ts-')
    remove = dir.remove
    await service.createVault(`${dir.path}/vault`, {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    })
  })
  afterAll(async () => {
    await service.lock()
    await tsa.close()
    await removeTsaPki(pki)
    await remove()
  })

  it('says nothing of timestamps while the vault does not take them', async () => {
    await service.addNote({ title: 'Бірінші' })
    expect(rows().get(1)).not.toHaveProperty('timestamp')
  })

  it('marks entries not yet covered once timestamping is on, and covered ones by whom and when', async () => {
    await service.setTimestamping({
      enabled: true,
      authorities: [tsa.url],
      trustedCas: [pki.rootPem]
    })
    expect(rows().get(1)?.timestamp).toBeNull()
    const outcome = await service.timestampIfDue()
    expect(outcome?.anchor?.seq).toBe(3)
    await service.addNote({ title: 'После метки' })
    const after = rows()
    const host = new URL(tsa.url).host
    expect(after.get(1)?.timestamp).toEqual({
      genTime: outcome?.answers[0]?.ok === true ? outcome.answers[0].genTime : '?',
      authorities: [host]
    })
    // The setting (#2) has no badge, the timestamp anchor (#3) its own; #4 is not covered yet.
    expect(after.get(2)).not.toHaveProperty('timestamp')
    expect(after.get(3)?.timestamp).toEqual(after.get(1)?.timestamp)
    expect(after.get(2)?.anchor).toEqual({ action: 'setting', enabled: true })
    expect(after.get(3)?.anchor).toEqual({
      action: 'timestamp',
      coveredSeq: 2,
      authorities: [host]
    })
    expect(after.get(4)?.timestamp).toBeNull()
  })
})
