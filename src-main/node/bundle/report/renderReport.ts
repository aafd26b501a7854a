import { createHash } from 'node:crypto'
import { keyFingerprint as commonKeyFingerprint } from '../../../common/crypto/keyFingerprint'
import type { BundleManifest } from '../../../common/bundle/bundleLayout'
import type { EntryOf } from '../../../common/entry/Entry'
import { systemTimeZone } from '../../../common/i18n/LocalFormat'
import type { Locale } from '../../../common/i18n/translate'
import { renderAppendix } from './renderAppendix'
import { renderAvailability } from './renderAvailability'
import { renderCover } from './renderCover'
import { renderEntry } from './renderEntry'
import type { ReportEntry } from './renderEntry'
import { reportStyles } from './reportStyles'
import { escapeHtml, ReportWriter } from './ReportWriter'

// report.html (and, printed, report.pdf): the disclosed entries for a person to read. Pure
// string building; every value that comes from an entry or the manifest passes through
// escapeHtml, and the page's CSP allows no script, no network and images only as data: URLs,
// so a hostile title or URL is text and nothing else.
// The cover (renderCover), each entry (renderEntry, its files in renderEntryFiles, its field
// values in fieldHtml), the availability tables and the appendix each have a file; the PDF is
// printed from this page by renderReportPdf.

export interface ReportInput {
  locale: Locale
  manifest: BundleManifest
  /** the zip's file name */
  bundleName: string
  /** lines of chain.jsonl: every entry of the vault up to the head */
  chainLength: number
  /** the zone times are shown in (an IANA name); the exporting computer's when not given */
  timeZone?: string
  /** disclosed entries corrected by amendments the bundle does not carry */
  leftOutAmendments?: readonly { seq: number; amendedBy: number }[]
  entries: readonly ReportEntry[]
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

/** A CSS string literal (for @page margin boxes), quotes and backslashes escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`
}

/** The key fingerprint (common/crypto/keyFingerprint), with Node's SHA-256. */
export function keyFingerprint(publicKeyHex: string): string {
  return commonKeyFingerprint(publicKeyHex, (bytes) => createHash('sha256').update(bytes).digest())
}

/** report.html: a cover page, each disclosed entry, and an appendix on verification. */
export function renderReportHtml(input: ReportInput): string {
  const w = new ReportWriter(
    input.locale,
    new Set(input.entries.map((r) => r.entry.seq)),
    input.timeZone ?? systemTimeZone()
  )
  // "Referred to by", as far as this bundle can tell: the undisclosed entries are sealed.
  const linkedFrom = new Map<number, number[]>()
  for (const r of input.entries)
    for (const ref of (r.entry.payload as { about?: readonly { seq: number }[] }).about ?? [])
      linkedFrom.set(ref.seq, [...(linkedFrom.get(ref.seq) ?? []), r.entry.seq])
  const fingerprint = keyFingerprint(input.manifest.publicKey)
  const amendments: EntryOf<'amendment'>[] = input.entries.flatMap((r) =>
    r.entry.kind === 'amendment' ? [r.entry] : []
  )
  const footer = {
    left: cssString(w.t('report.footer', { bundleId: input.manifest.bundleId })),
    // "Page {page} of {pages}" becomes CSS: "Page " counter(page) " of " counter(pages)
    right: w
      .t('report.page', { page: '\u0000page\u0000', pages: '\u0000pages\u0000' })
      .split('\u0000')
      .map((part) => (part === 'page' || part === 'pages' ? `counter(${part})` : cssString(part)))
      .join(' ')
  }
  return `<!doctype html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.e('report.title')}: ${escapeHtml(input.bundleName)}</title>
<style>
${reportStyles(footer)}
</style>
</head>
<body>
${renderCover(w, input, fingerprint)}
${input.entries
  .filter((r) => r.entry.kind !== 'probe')
  .map((r) =>
    renderEntry(
      w,
      r,
      amendments,
      (input.leftOutAmendments ?? []).filter((a) => a.seq === r.entry.seq).map((a) => a.amendedBy),
      linkedFrom.get(r.entry.seq) ?? []
    )
  )
  .join('\n')}
${renderAvailability(
  (key, params) => w.t(key, params),
  input.locale,
  input.entries.map((r) => ({ entry: r.entry, commitment: r.link.commitment })),
  // Probes can be seconds apart: an outage's times to the second.
  (iso) => w.dateText(iso, 'local', true)
)}
${renderAppendix(w, input, fingerprint)}
</body>
</html>
`
}
