import { summariseByUrl } from '../../../common/availability/availabilitySummary'
import type { AvailabilitySummary } from '../../../common/availability/availabilitySummary'
import { formatNumber } from '../../../common/i18n/formatNumber'
import type { MessageKey, MessageParams } from '../../../common/i18n/translate'
import { escapeHtml } from './ReportWriter'

/** What the availability pages need of each disclosed entry: the entry and its commitment. */
export interface AvailabilityEntry {
  entry: Parameters<typeof summariseByUrl>[0][number]
  commitment: string
}

type T = (key: MessageKey, params?: MessageParams) => string

/** "2 h 05 min 10 s", "4 min 00 s", "12 s": a span of time for a reader, in their words. */
export function formatDuration(t: T, ms: number): string {
  const total = Math.round(ms / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  if (h > 0) return t('report.duration.hours', { h, m: pad(m), s: pad(s) })
  if (m > 0) return t('report.duration.minutes', { m, s: pad(s) })
  return t('report.duration.seconds', { s })
}

/** An instant as the reader reads it (ReportWriter.dateText). */
type DateText = (iso: string) => string

function summaryRows(
  t: T,
  locale: string,
  s: AvailabilitySummary,
  date: DateText
): [string, string][] {
  const rows: [string, string][] = [
    [
      t('report.availability.looks'),
      t('report.availability.looksValue', {
        total: s.total,
        failed: s.failed,
        share: formatNumber(locale, s.shareFailed * 100, 1)
      })
    ]
  ]
  if (s.firstFailure !== undefined)
    rows.push([t('report.availability.firstFailure'), date(s.firstFailure)])
  if (s.lastFailure !== undefined)
    rows.push([t('report.availability.lastFailure'), date(s.lastFailure)])
  const o = s.longestOutage
  if (o !== undefined)
    rows.push([
      t('report.availability.longestOutage'),
      t(
        o.to !== undefined
          ? 'report.availability.outageValue'
          : 'report.availability.outageOngoing',
        {
          from: date(o.from),
          to: o.to !== undefined ? date(o.to) : '',
          duration: formatDuration(t, o.ms),
          failed: o.failed
        }
      )
    ])
  if (s.current !== undefined)
    rows.push([t('report.availability.current'), t(`status.${s.current}`, { seq: '' })])
  return rows
}

/**
 * One section per URL that disclosed probes measured: a summary (how many looks failed,
 * first and last failure, longest outage) and a table of every probe and capture of that
 * URL, each row naming its entry and entry hash, so each stays checkable as an entry.
 * Probes get no page of their own; captures keep theirs (they carry screenshots).
 */
export function renderAvailability(
  t: T,
  locale: string,
  entries: readonly AvailabilityEntry[],
  date: DateText
): string {
  const commitments = new Map(entries.map((e) => [e.entry.seq, e.commitment]))
  // ru and kk number entries with «№», en with "#" (GLOSSARY).
  const sign = locale === 'en' ? '#' : '№'
  const summaries = summariseByUrl(entries.map((e) => e.entry)).filter((s) =>
    s.points.some((p) => p.kind === 'probe')
  )
  // A row's time may wrap between its day and its clock («6 декабря 2026 г.,» / «18:02:09
  // (UTC)»), never inside either: unbreakable whole, it squeezed the outcome column to a word
  // per line in ru and kk.
  const cellDate = (iso: string) => date(iso).replace(/,\u00a0(?=\d{1,2}:\d{2})/, ', ')
  return summaries
    .map((s) => {
      const rows = s.points
        .map((p) => {
          const outcome =
            p.kind === 'probe'
              ? t(`probeOutcome.${p.outcome}` as MessageKey, { status: p.status ?? '' })
              : t(`report.outcome.${p.outcome}` as MessageKey)
          return `<tr class="${p.availability}"><td class="mono seq">${sign}${p.seq}</td><td>${escapeHtml(cellDate(p.at))}</td><td>${escapeHtml(t(`kind.${p.kind}`))}</td><td>${escapeHtml(outcome)}${p.status !== undefined && p.kind === 'web-capture' ? ` (HTTP ${p.status})` : ''}</td><td>${escapeHtml(t(`status.${p.availability}`, { seq: '' }))}</td><td class="mono hash">${escapeHtml(commitments.get(p.seq) ?? t('report.none'))}</td></tr>`
        })
        .join('')
      const summary = summaryRows(t, locale, s, date)
        .map(
          ([label, value]) =>
            `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`
        )
        .join('')
      return `<section class="availability" data-url="${escapeHtml(s.url)}">
<h2>${escapeHtml(t('report.availability.heading'))}</h2>
<p class="entry-title mono">${escapeHtml(s.url)}</p>
<table class="fields">${summary}</table>
<p class="note">${escapeHtml(t('report.availability.note'))}</p>
<table class="availability-table"><thead><tr><th>${sign}</th><th>${escapeHtml(t('report.availability.time'))}</th><th>${escapeHtml(t('field.kind'))}</th><th>${escapeHtml(t('report.probe.outcome'))}</th><th>${escapeHtml(t('report.availability.state'))}</th><th>${escapeHtml(t('field.commitment'))}</th></tr></thead><tbody>${rows}</tbody></table>
</section>`
    })
    .join('\n')
}
