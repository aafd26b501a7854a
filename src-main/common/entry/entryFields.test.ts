import { describe, expect, it } from 'vitest'
import { formatEntry } from '../../cli/formatEntry'
import { makeT } from '../../cli/CliContext'
import type { CliContext } from '../../cli/CliContext'
import { capturePayload } from '../../node/testing/reportFixture'
import { toSha256Hex } from '../encoding/brands'
import type { SignatureHex } from '../encoding/brands'
import type { EntryView } from '../contract/VaultApi'
import { translate } from '../i18n/translate'
import type { Locale } from '../i18n/translate'
import type { Entry, EntryKind } from './Entry'
import { ENTRY_FIELDS } from './entryFields'
import { fieldSlots, shownFields } from './shownFields'

const LINK = {
  seq: 2,
  commitment: toSha256Hex('c'.repeat(64)),
  chain: toSha256Hex('d'.repeat(64)),
  signature: 'e'.repeat(128) as SignatureHex
}

/** An incident with every field of the table filled. */
export const FULL_INCIDENT: Entry = {
  seq: 2,
  id: '01960000-0000-7000-8000-000000000002',
  kind: 'incident',
  recordedAt: '2026-03-02T10:00:00.000Z',
  occurredAt: '2026-03-02T06:15:00+05:00',
  author: 'Айгерим',
  title: 'Обыск в редакции',
  payload: {
    about: [{ seq: 1, id: '01960000-0000-7000-8000-000000000001' }],
    type: 'search',
    caseNumber: 'уголовное дело № 7510-0001-2026',
    place: 'Алматы, пр. Абая 10',
    endedAt: '2026-03-02T11:40:00+05:00',
    peoplePresent: [
      { name: 'Оспанова Г.', role: 'понятая' },
      { name: 'Ким А.', role: 'адвокат' }
    ],
    peopleInvolved: ['Сапарова А.'],
    officials: [{ name: 'Серикбаев Н.', position: 'капитан', unit: 'ДП г. Алматы' }],
    legalBasisShown: 'постановление следователя от 01.03.2026',
    itemsSeized: ['ноутбук Lenovo'],
    lawyersAdmitted: ['Омарова Г.'],
    lawyersRefused: ['Нұрланов А.'],
    witnesses: ['Петров В.'],
    tags: ['обыск'],
    body: 'Обыск длился пять часов.'
  },
  attachments: []
}

function view(entry: Entry): EntryView {
  return {
    seq: entry.seq,
    id: entry.id,
    kind: entry.kind,
    recordedAt: entry.recordedAt,
    entry,
    link: LINK,
    withdrawnBy: null,
    referencedBy: [],
    linkedFrom: []
  }
}

function show(locale: Locale, entry: Entry): string {
  const ctx = { locale, t: makeT(locale) } as unknown as CliContext
  return formatEntry(ctx, view(entry))
}

describe('the entry-field table', () => {
  it('labels every field of every kind with a catalog message', () => {
    for (const kind of Object.keys(ENTRY_FIELDS) as EntryKind[])
      for (const field of ENTRY_FIELDS[kind]) {
        expect(translate('ru', field.label), `${kind}.${field.key}`).not.toBe(field.label)
        expect(translate('kk', field.label), `${kind}.${field.key}`).not.toBe(field.label)
      }
  })

  it('has a slot for every incident field, the case number, end and people present among them', () => {
    const keys = fieldSlots(FULL_INCIDENT).map((slot) => slot.key)
    expect(keys).toEqual(expect.arrayContaining(['caseNumber', 'endedAt', 'peoplePresent']))
    expect(fieldSlots(FULL_INCIDENT).every((slot) => slot.value !== undefined)).toBe(true)
  })

  it('show prints every incident field of the table under its label, in Kazakh', () => {
    const text = show('kk', FULL_INCIDENT)
    for (const field of ENTRY_FIELDS.incident)
      if (field.block !== true)
        expect(text, field.key).toContain(`${translate('kk', field.label)}: `)
    expect(text).toContain('уголовное дело № 7510-0001-2026')
    expect(text).toContain('Оспанова Г. (понятая); Ким А. (адвокат)')
    expect(text).toContain('Серикбаев Н., капитан, ДП г. Алматы')
    expect(text).toContain(translate('kk', 'incident.search'))
    expect(text).toContain(`${translate('kk', 'field.about')}: №1\n`)
  })

  it('show prints a web capture as labelled fields, not JSON', () => {
    const capture: Entry = {
      ...FULL_INCIDENT,
      kind: 'web-capture',
      title: 'Статья',
      payload: {
        ...capturePayload('2026-03-01T09:03:00.000Z'),
        recheck: {
          of: { seq: 1, id: 'x' },
          outcome: 'changed',
          previousOutcome: 'captured',
          textChanged: true
        }
      }
    }
    const text = show('ru', capture)
    expect(text).not.toContain('"requestedUrl"')
    expect(text).not.toMatch(/^\s*[{}]/m)
    expect(text).toContain(
      `${translate('ru', 'report.capture.requestedUrl')}: http://news.example.kz`
    )
    expect(text).toContain(`${translate('ru', 'report.capture.server')}: 192.0.2.10:443`)
    expect(text).toContain(
      `${translate('ru', 'report.capture.outcome')}: ${translate('ru', 'report.outcome.captured')}`
    )
    // the recheck line is Russian throughout, with no stored English word in it
    const recheck = text
      .split('\n')
      .find((line) => line.startsWith(translate('ru', 'report.capture.recheck')))
    expect(recheck).toContain('изменена')
    expect(recheck).not.toMatch(/changed|captured|true/)
  })

  it('keeps a payload key the table does not know, so nothing recorded is hidden', () => {
    const odd = {
      ...FULL_INCIDENT,
      payload: { type: 'other', futureField: 'x' }
    } as unknown as Entry
    expect(shownFields(odd).find((f) => f.key === 'futureField')?.label).toBeNull()
    expect(show('en', odd)).toContain('futureField: "x"')
  })
})
