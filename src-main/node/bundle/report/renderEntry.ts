import { sameWords } from '../../../common/i18n/sameWords'
import { titleOf } from '../../../common/entry/entryTitle'
import type { ChainLink } from '../../../common/chain/ChainLink'
import type { ManifestFile } from '../../../common/bundle/bundleLayout'
import { amendedMark } from '../../../common/entry/amendedMark'
import { promisesUtc } from '../../../common/entry/promisesUtc'
import { applyAmendments } from '../../../common/entry/applyAmendments'
import type { Entry, EntryOf } from '../../../common/entry/Entry'
import type { FieldValue } from '../../../common/entry/EntryField'
import { fieldLines } from '../../../common/entry/fieldLines'
import { changedFields, fieldSlots, otherFields } from '../../../common/entry/shownFields'
import type { Coverage } from '../../../common/timestamp/anchorCoverage'
import { fieldHtml } from './fieldHtml'
import { renderAttachments, renderImages } from './renderEntryFiles'
import { renderEntryTimestamp } from './renderTimestamps'
import { escapeHtml, html } from './ReportWriter'
import type { Html, ReportWriter, Row } from './ReportWriter'

export interface ReportEntry {
  entry: Entry
  /** 32 bytes hex: what opens the commitment */
  salt: string
  link: ChainLink
  /** the entry's files in the bundle: entry.json, then the attachments */
  files: readonly ManifestFile[]
  /** bytes of the attachments to show, by index in the entry's attachment list (see embeddedImages) */
  images: ReadonlyMap<number, Uint8Array>
  /** the trusted timestamp covering it, null for none; absent: not known to the caller */
  timestamp?: Coverage | null
}

/** Characters of a capture's visible text printed; the whole text is an attachment. */
export const MAX_TEXT_CHARS = 20_000

/**
 * The rows of an entry's payload, from the entry-field table. Every field of the kind is
 * shown, recorded or not: "lawyers admitted: —" says something to a court too.
 */
function payloadRows(
  w: ReportWriter,
  entry: Entry,
  marked: (key: string, value: Html) => Html
): Row[] {
  const rows: Row[] = fieldSlots(entry)
    .filter((slot) => !slot.block)
    .map(
      (slot) =>
        [
          w.t(slot.label),
          marked(slot.key, fieldHtml(w, slot.value, promisesUtc(slot.label) ? 'utc' : 'local'))
        ] as const
    )
  if (entry.kind === 'amendment')
    rows.push([
      w.t('field.changes'),
      w.rows(
        changedFields(entry.payload.changes).map(
          (change) =>
            [
              change.label === null ? change.key : w.t(change.label),
              html(`<div class="text">${fieldHtml(w, change.value)}</div>`)
            ] as const
        )
      )
    ])
  return rows
}

/** The recorded value of a field, as plain text, for "as first recorded: …". */
function recordedText(w: ReportWriter, original: Entry, key: string): string {
  if (key === 'title') return original.title
  if (key === 'occurredAt')
    return original.occurredAt === undefined ? w.t('report.none') : w.dateText(original.occurredAt)
  const slot = fieldSlots(original).find((s) => s.key === key)
  if (slot?.value === undefined) return w.t('report.none')
  if (slot.value.shape === 'time') return w.dateText(slot.value.value)
  return fieldLines((k, params) => w.t(k, params), slot.value).join('; ')
}

/**
 * Every time of the entry exactly as entry.json holds it, by its place in the file
 * ("payload.endedAt"): the report writes times for a reader, and a lawyer comparing the
 * report with the bundle needs the stored text beside them.
 */
function exactTimes(entry: Entry): (readonly [string, string])[] {
  const times: (readonly [string, string])[] = [['recordedAt', entry.recordedAt]]
  if (entry.occurredAt !== undefined) times.push(['occurredAt', entry.occurredAt])
  for (const slot of fieldSlots(entry))
    if (slot.value?.shape === 'time') times.push([`payload.${slot.key}`, slot.value.value])
  if (entry.kind === 'amendment')
    for (const change of changedFields(entry.payload.changes))
      if (change.value.shape === 'time')
        times.push([`payload.changes.${change.key}`, change.value.value])
  return times
}

/**
 * One disclosed entry as a section of report.html, with its disclosed amendments applied: each corrected field shows the corrected
 * value, which amendment made it and why, and the value as first recorded.
 */
export function renderEntry(
  w: ReportWriter,
  r: ReportEntry,
  amendments: readonly EntryOf<'amendment'>[],
  leftOut: readonly number[],
  /** disclosed entries that name this one in their `about` */
  linkedFrom: readonly number[] = []
): string {
  const applied = applyAmendments(r.entry, amendments)
  const entry = applied.entry
  const kind = w.t(`kind.${entry.kind}`)
  const marked = (key: string, value: Html): Html => {
    const by = applied.correctedBy[key]
    if (by === undefined) return value
    return html(
      `${value}<div class="small amended">${escapeHtml(amendedMark(w.t.bind(w), by.seq, by.reason))}; ${w.e(
        'report.originalValue',
        { value: recordedText(w, applied.original, key) }
      )}</div>`
    )
  }
  const common: Row[] = [
    [w.t('field.id'), w.mono(entry.id)],
    [w.t('field.kind'), w.value(sameWords(entry.kind, kind) ? kind : `${kind} (${entry.kind})`)],
    [w.t('field.title'), marked('title', w.value(titleOf(entry, w.t.bind(w))))],
    [w.t('ui.entries.recorded'), w.when(entry.recordedAt)],
    [w.t('field.occurredAt'), marked('occurredAt', w.when(entry.occurredAt))],
    [w.t('field.author'), w.value(entry.author)]
  ]
  const notices = leftOut
    .map((seq) => `<p class="notice">${w.e('report.amendmentLeftOut', { amendedBy: seq })}</p>`)
    .join('')
  const other: Row[] = otherFields(entry).map((f) => [f.key, fieldHtml(w, f.value)] as const)
  const block = fieldSlots(entry).find((slot) => slot.block && slot.value !== undefined)
  let body =
    block === undefined ? undefined : fieldLines(w.t.bind(w), block.value as FieldValue).join('\n')
  let shortened = ''
  if (body !== undefined && body.length > MAX_TEXT_CHARS) {
    const textFile = entry.attachments.find((a) => a.role === 'text')
    body = body.slice(0, MAX_TEXT_CHARS)
    shortened = `<p class="small">${w.e('report.textShortened', {
      count: MAX_TEXT_CHARS,
      name: textFile?.name ?? ''
    })}</p>`
  }
  const entryJson = r.files.find((f) => f.attachment === undefined)
  const hashes: Row[] = [
    [w.t('field.commitment'), w.mono(r.link.commitment)],
    [w.t('field.chain'), w.mono(r.link.chain)],
    [w.t('field.signature'), w.mono(r.link.signature)],
    [w.t('field.salt'), w.mono(r.salt)],
    [w.t('report.field.entryJson'), w.mono(entryJson?.sha256)],
    [
      w.t('report.field.exactTimes'),
      html(
        exactTimes(r.entry)
          .map(([path, iso]) => `<div class="mono">${escapeHtml(path)}: ${w.unbroken(iso)}</div>`)
          .join('')
      )
    ]
  ]
  const bodyTitle =
    block === undefined || block.label === 'field.body'
      ? w.t('report.section.text')
      : w.t(block.label)
  return `<section class="entry" id="entry-${entry.seq}" data-seq="${entry.seq}">
<h2>${w.e('report.entryHeading', { seq: entry.seq, kind })}</h2>
<p class="entry-title">${w.value(titleOf(entry, w.t.bind(w)))}</p>
${renderImages(w, r)}
<h3>${w.e('report.section.details')}</h3>
${notices}
${w.rows([
  ...common,
  ...payloadRows(w, entry, marked),
  ...(linkedFrom.length > 0 ? [[w.t('field.linkedFrom'), w.links(linkedFrom)] as const] : [])
])}
${other.length > 0 ? `<h3>${w.e('report.otherFields')}</h3>${w.rows(other)}` : ''}
${body !== undefined && body !== '' ? `<h3>${escapeHtml(bodyTitle)}</h3><div class="text">${escapeHtml(body)}</div>${shortened}` : ''}
${renderAttachments(w, r)}
${renderEntryTimestamp(
  (key, params) => w.t(key, params),
  r.timestamp,
  (iso) => w.dateText(iso)
)}
<h3>${w.e('report.section.hashes')}</h3>
${w.rows(hashes)}
</section>`
}
