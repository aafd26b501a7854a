import { describe, expect, it } from 'vitest'
import type { Sha256Hex } from '../../../common/encoding/brands'
import type { Entry, ProbeOutcome } from '../../../common/entry/Entry'
import { translate } from '../../../common/i18n/translate'
import type { Locale } from '../../../common/i18n/translate'
import { formatDuration, renderAvailability } from './renderAvailability'
import { ReportWriter } from './ReportWriter'

// Aqtobe keeps UTC+5 all year (Almaty's offset changed in 2024; not every tz database knows).
const dateIn = (locale: Locale) => {
  const w = new ReportWriter(locale, new Set(), 'Asia/Aqtobe')
  return (iso: string) => w.dateText(iso)
}

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
    const html = renderAvailability((k, p) => translate('en', k, p), 'en', entries, dateIn('en'))
    expect(html.match(/<section class="availability"/g)).toHaveLength(1)
    expect(html).toContain(URL_A)
    expect(html).toContain('4, of which failed: 2 (50%)')
    // Times as the reader reads them, in the exporter's zone, each on one line (no-break spaces).
    const spaced = (text: string) => text.replace(/\u00a0/g, ' ')
    expect(spaced(html)).toContain('First failure</th><td>March 1, 2026, 14:05 (UTC+5)')
    expect(spaced(html)).toContain('Last failure</th><td>March 1, 2026, 14:10 (UTC+5)')
    expect(spaced(html)).toContain(
      'March 1, 2026, 14:05 (UTC+5) – March 1, 2026, 14:25 (UTC+5): 20 min 00 s, 2 failed'
    )
    expect(html).not.toMatch(/2026-03-01|\d{2}:\d{2} \(/)
    // In the summary rows a time never wraps (a table cell may, after its day: next test).
    expect(html).not.toMatch(/<th scope="row">[^<]*<\/th><td>[^<]*2026, \d/)
    expect(html).toContain('the server answered HTTP 503')
    expect(html.match(/<tr class="(up|unavailable|gone)">/g)).toHaveLength(4)
    expect(html).toContain('03'.repeat(32))
  })

  it("lets a row's time wrap only between its day and its clock, which shows seconds", () => {
    // The report asks for seconds here (renderReport): probes can be seconds apart.
    const cells = (locale: Locale) => {
      const w = new ReportWriter(locale, new Set(), 'Asia/Aqtobe')
      const html = renderAvailability(
        (k, p) => translate(locale, k, p),
        locale,
        entries,
        (iso) => w.dateText(iso, 'local', true)
      )
      return [...html.matchAll(/<td class="mono seq">[^<]*<\/td><td>([^<]*)<\/td>/g)].map(
        (m) => m[1]
      )
    }
    expect(cells('en')[1]).toBe('March\u00a01,\u00a02026, 14:05:00\u00a0(UTC+5)')
    expect(cells('ru')[1]).toBe('1\u00a0марта\u00a02026\u00a0г., 14:05:00\u00a0(UTC+5)')
    expect(cells('kk')[1]).toBe('2026\u00a0ж.\u00a01\u00a0наурыз, 14:05:00\u00a0(UTC+5)')
  })

  it('speaks Russian and Kazakh', () => {
    const ru = renderAvailability((k, p) => translate('ru', k, p), 'ru', entries, dateIn('ru'))
    expect(ru).toContain('Самый долгий перерыв')
    expect(ru).toContain('1\u00a0марта\u00a02026\u00a0г.,\u00a014:05\u00a0(UTC+5)')
    expect(ru).toContain('20 мин 00 с')
    const kk = renderAvailability((k, p) => translate('kk', k, p), 'kk', entries, dateIn('kk'))
    expect(kk).toContain('Ең ұзақ үзіліс')
    expect(kk).toContain('2026\u00a0ж.\u00a01\u00a0наурыз,\u00a014:05\u00a0(UTC+5)')
  })

  it('renders nothing when no probe was disclosed', () => {
    expect(renderAvailability((k, p) => translate('en', k, p), 'en', [], dateIn('en'))).toBe('')
    expect(formatDuration((k, p) => translate('en', k, p), 3_725_000)).toBe('1 h 02 min 05 s')
  })
})
