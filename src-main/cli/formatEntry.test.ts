import { describe, expect, it } from 'vitest'
import { applyAmendments } from '../common/entry/applyAmendments'
import { amendmentOf } from '../common/testing/amendmentOf'
import type { Entry, EntryOf } from '../common/entry/Entry'
import { toSha256Hex } from '../common/encoding/brands'
import type { SignatureHex } from '../common/encoding/brands'
import type { EntryView } from '../common/contract/VaultApi'
import type { Locale } from '../common/i18n/translate'
import { makeT } from './CliContext'
import type { CliContext } from './CliContext'
import { formatEntry } from './formatEntry'

const SEARCH: Entry = {
  seq: 1,
  id: '01960000-0000-7000-8000-000000000001',
  kind: 'incident',
  recordedAt: '2026-03-02T10:00:00.000Z',
  occurredAt: '2026-03-02T06:15:00+05:00',
  author: 'Айгерим',
  title: 'Обыск в редакции',
  payload: { type: 'search', place: 'Алматы, пр. Абая 10', body: 'Пришли в семь.' },
  attachments: []
}

const amendment = (seq: number, reason: string, changes: Record<string, unknown>) =>
  amendmentOf(SEARCH, seq, reason, changes)

function show(locale: Locale, amendments: EntryOf<'amendment'>[]): string {
  const applied = applyAmendments(SEARCH, amendments)
  const view: EntryView = {
    seq: 1,
    id: SEARCH.id,
    kind: 'incident',
    recordedAt: SEARCH.recordedAt,
    entry: applied.entry,
    link: {
      seq: 1,
      commitment: toSha256Hex('c'.repeat(64)),
      chain: toSha256Hex('d'.repeat(64)),
      signature: 'e'.repeat(128) as SignatureHex
    },
    withdrawnBy: null,
    referencedBy: [],
    linkedFrom: [],
    amended: applied
  }
  const ctx = { locale, t: makeT(locale) } as unknown as CliContext
  return formatEntry(ctx, view)
}

describe('show of an amended entry', () => {
  it('marks each corrected value "as amended by №N (reason)", in the reader’s language', () => {
    const text = show('ru', [
      amendment(2, 'адрес по протоколу', { place: 'Алматы, пр. Абая 12' }),
      amendment(3, 'время\nпо протоколу', { body: 'Пришли в шесть.' })
    ])
    expect(text).toContain('Место: Алматы, пр. Абая 12 — с поправкой №2 (адрес по протоколу)')
    // a block field's mark stands on its own line above the corrected text
    expect(text).toContain('\nс поправкой №3 (время по протоколу)\nПришли в шесть.')
    expect(text).not.toContain('Абая 10')
  })

  it('prints no empty brackets when a bundle’s amendment has no reason', () => {
    const text = show('kk', [amendment(2, '', { place: 'Алматы' })])
    expect(text).toMatch(/: Алматы — №2 түзетуімен$/m)
    expect(text).not.toContain('()')
  })
})
