import { describe, expect, it } from 'vitest'
import type { Sha256Hex } from '../../../common/encoding/brands'
import type { Entry, ProbeOutcome } from '../../../common/entry/Entry'
import { translate } from '../../../common/i18n/translate'
import { formatDuration, renderAvailability } from './renderAvailability'

const URL_A = 'https://example.kz/'
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString()

function probe(seq: number, minute: number, outcome: ProbeOutcome, status?: number): Entry {
  return {
    seq,
    id: `0190a8b2-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    kind: 'probe',
    recordedAt: at(minute),
    author: 'Айгерим',
    title: URL_A,
    attachments: [],
    payload: {
      url: URL_A,
      outcome,
      ...(status !== undefined ? { status } : {}),
      startedAt: at(minute),
      endedAt: at(minute),
      timeoutMs: 15_000,
      dns: { host: 'example.kz', literal: false, addresses: [], ms: 1 },
      connects: [],
      vantage: { interfaces: [], resolvers: ['192.0.2.53'], platform: 'linux' },
      tool: { name: 'Dalel', version: '0.1.0' },
      operator: 'Айгерим'
    }
  }
}

const entries = [
  probe(1, 0, 'ok', 200),
  probe(2, 5, 'http-error', 503),
  probe(3, 10, 'timeout'),
  probe(4, 25, 'ok', 200)
].map((entry) => ({
  entry,
  commitment: entry.seq.toString(16).padStart(2, '0').repeat(32) as Sha256Hex
}))

describe('renderAvailability', () => {
  it('makes one table per URL: every probe with its time, outcome and entry hash, and the outages summarised', () => {
    const html = renderAvailability((k, p) => translate('en', k, p), 'en', entries)
    expect(html.match(/<section class="availability"/g)).toHaveLength(1)
    expect(html).toContain(URL_A)
    expect(html).toContain('4, of which failed: 2 (50%)')
    expect(html).toContain('First failure (UTC)</th><td>2026-03-01 09:05:00Z')
    expect(html).toContain('Last failure (UTC)</th><td>2026-03-01 09:10:00Z')
    expect(html).toContain('2026-03-01 09:05:00Z – 2026-03-01 09:25:00Z UTC: 20 min 00 s, 2 failed')
    expect(html).toContain('the server answered HTTP 503')
    expect(html.match(/<tr class="(up|unavailable|gone)">/g)).toHaveLength(4)
    expect(html).toContain('03'.repeat(32))
  })

  it('speaks Russian and Kazakh', () => {
    const ru = renderAvailability((k, p) => translate('ru', k, p), 'ru', entries)
    expect(ru).toContain('Самый долгий перерыв')
    expect(ru).toContain('20 мин 00 с')
    const kk = renderAvailability((k, p) => translate('kk', k, p), 'kk', entries)
    expect(kk).toContain('Ең ұзақ үзіліс')
  })

  it('renders nothing when no probe was disclosed', () => {
    expect(renderAvailability((k, p) => translate('en', k, p), 'en', [])).toBe('')
    expect(formatDuration((k, p) => translate('en', k, p), 3_725_000)).toBe('1 h 02 min 05 s')
  })
})
