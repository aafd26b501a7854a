import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DalelError } from '../../common/errors/DalelError'
import { bundleExtraFiles } from '../bundle/report/bundleExtraFiles'
import { verifyBundle } from '../bundle/verifyBundle'
import { readZip } from '../testing/zipTestTools'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import { VaultService } from './VaultService'

let dir: { path: string; remove: () => Promise<void> }
let service: VaultService

beforeEach(async () => {
  dir = await tempDir('dalel-corrections-')
  service = new VaultService({ clock: steppingClock('2026-03-05T09:00:00.000Z') })
  await service.createVault(join(dir.path, 'vault'), {
    passphrase: TEST_PASSPHRASE,
    author: 'Айгерим',
    kdfLimits: TEST_KDF
  })
})
afterEach(async () => {
  await service.lock()
  await dir.remove()
})

async function searchIncident() {
  return service.addIncident({
    title: 'Обыск в редакции',
    type: 'search',
    occurredAt: '2026-03-02T06:15:00+05:00',
    officials: [{ name: 'Серикбаев', position: 'капитан' }],
    witnesses: ['Оспанова Г.'],
    itemsSeized: ['ноутбук']
  })
}

// verify.html is built by `npm run build`; these tests are about the entries and the report.
const noVerifyPage = () => Promise.resolve(new Uint8Array())
const noExtras = () => Promise.resolve([])

const rejected = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection')
}

describe('amendments', () => {
  it('correct any field of the entry’s kind: officials, witnesses, seized items, case number', async () => {
    const incident = await searchIncident()
    await service.amend({
      target: String(incident.seq),
      reason: 'имя уточнено по протоколу',
      changes: {
        officials: [{ name: 'Серикбаев Н. А.', position: 'капитан', unit: 'ДП г. Алматы' }],
        witnesses: ['Оспанова Г.', 'Ким А.'],
        itemsSeized: ['ноутбук Lenovo', '2 телефона'],
        caseNumber: '7510-0001-2026'
      }
    })
    const shown = service.getEntry(String(incident.seq))
    expect(shown.entry?.kind).toBe('incident')
    if (shown.entry?.kind !== 'incident') return
    expect(shown.entry.payload.officials?.[0]?.name).toBe('Серикбаев Н. А.')
    expect(shown.entry.payload.witnesses).toEqual(['Оспанова Г.', 'Ким А.'])
    expect(shown.entry.payload.caseNumber).toBe('7510-0001-2026')
    expect(shown.amended?.correctedBy.witnesses?.reason).toBe('имя уточнено по протоколу')
  })

  it('refuse a field the target’s kind does not have', async () => {
    const note = await service.addNote({ title: 'Звонок', body: 'угроза' })
    const error = await rejected(
      service.amend({ target: String(note.seq), reason: 'x', changes: { witnesses: ['a'] } })
    )
    expect(error).toBeInstanceOf(DalelError)
    expect((error as DalelError).code).toBe('not-amendable')
  })

  it('refuse a corrected time that is not a date', async () => {
    const incident = await searchIncident()
    const error = await rejected(
      service.amend({ target: String(incident.seq), reason: 'x', changes: { endedAt: 'вечером' } })
    )
    expect(['invalid-input', 'bad-time']).toContain((error as DalelError).code)
  })
})

describe('corrections carry forward', () => {
  it('show gives the corrected values, newest correction winning, and the original on request', async () => {
    const incident = await searchIncident()
    await service.amend({
      target: String(incident.seq),
      reason: 'время по протоколу',
      occurredAt: '2026-03-02T06:05:00+05:00'
    })
    const second = await service.amend({
      target: String(incident.seq),
      reason: 'второе уточнение',
      changes: { occurredAt: '2026-03-02T06:00:00+05:00', place: 'Алматы' }
    })
    const shown = service.getEntry(String(incident.seq))
    expect(shown.entry?.occurredAt).toBe('2026-03-02T06:00:00+05:00')
    expect(shown.amended?.correctedBy.occurredAt?.seq).toBe(second.seq)
    expect(shown.amended?.amendments.map((a) => a.seq)).toHaveLength(2)
    const original = service.getEntry(String(incident.seq), { original: true })
    expect(original.entry?.occurredAt).toBe('2026-03-02T06:15:00+05:00')
    // lists show the corrected entry too
    expect(service.list().find((v) => v.seq === incident.seq)?.entry?.occurredAt).toBe(
      '2026-03-02T06:00:00+05:00'
    )
  })

  it('export takes an entry’s amendments along, and the report shows the corrected value', async () => {
    const incident = await searchIncident()
    const amendment = await service.amend({
      target: String(incident.seq),
      reason: 'время по протоколу',
      occurredAt: '2026-03-02T06:05:00+05:00'
    })
    const out = join(dir.path, 'дело.zip')
    const { bundle } = await service.exportBundle({
      out,
      entries: [String(incident.seq)],
      locale: 'ru',
      extraFiles: bundleExtraFiles({
        browser: null,
        verifyPage: noVerifyPage,
        timeZone: 'Asia/Aqtobe'
      })
    })
    expect(bundle.disclosed).toEqual([incident.seq, amendment.seq])
    expect(bundle.undisclosedAmendments).toEqual([])
    expect((await verifyBundle(out)).ok).toBe(true)
    const report = await reportHtmlOf(out)
    // The corrected time and the recorded one, as a reader reads them; the amendment's own
    // text beside its hashes, as its entry.json holds it.
    const nb = (text: string) => text.replace(/ /g, '\u00a0')
    expect(report).toContain(nb('2 марта 2026 г., 06:05 (UTC+5)'))
    expect(report).toContain(`с поправкой №${amendment.seq} (время по протоколу)`)
    expect(report).toContain(`как было записано: ${nb('2 марта 2026 г., 06:15 (UTC+5)')}`)
    expect(report).toContain(
      'payload.changes.occurredAt: <span class="nowrap">2026-03-02T06:05:00+05:00'
    )
  })

  it('--without-amendments leaves them out, and the report says so', async () => {
    const incident = await searchIncident()
    const amendment = await service.amend({
      target: String(incident.seq),
      reason: 'время',
      occurredAt: '2026-03-02T06:05:00+05:00'
    })
    const out = join(dir.path, 'без-поправок.zip')
    const { bundle } = await service.exportBundle({
      out,
      entries: [String(incident.seq)],
      locale: 'ru',
      withoutAmendments: true,
      extraFiles: bundleExtraFiles({ browser: null, verifyPage: noVerifyPage })
    })
    expect(bundle.disclosed).toEqual([incident.seq])
    expect(bundle.undisclosedAmendments).toEqual([{ seq: incident.seq, amendedBy: amendment.seq }])
    expect(await reportHtmlOf(out)).toContain(
      `Поправка №${amendment.seq} исправляет эту запись, но в этот пакет не включена`
    )
  })
})

describe('export never replaces a bundle silently', () => {
  it('refuses an existing file and leaves it as it was, unless told to overwrite', async () => {
    const note = await service.addNote({ title: 'Звонок' })
    const out = join(dir.path, 'отдано-адвокату.zip')
    await writeFile(out, 'the bundle the lawyer already has')
    const before = service.list().length
    const error = await rejected(
      service.exportBundle({ out, entries: [String(note.seq)], extraFiles: noExtras })
    )
    expect((error as DalelError).code).toBe('bundle-exists')
    expect(await readFile(out, 'utf8')).toBe('the bundle the lawyer already has')
    // no custody entry claims an export that did not happen
    expect(service.list()).toHaveLength(before)
    await service.exportBundle({
      out,
      entries: [String(note.seq)],
      overwrite: true,
      extraFiles: noExtras
    })
    expect((await verifyBundle(out)).ok).toBe(true)
  })
})

async function reportHtmlOf(zip: string): Promise<string> {
  const item = (await readZip(zip)).find((i) => i.name === 'report.html')
  return new TextDecoder().decode(item?.bytes)
}
