import { renderAvailability } from './renderAvailability'
import { renderEntryTimestamp, renderTimestampAppendix } from './renderTimestamps'
import { createHash } from 'node:crypto'
import type { ChainLink } from '../../../common/chain/ChainLink'
import { fromHex, isHexOf } from '../../../common/encoding/hex'
import type { Attachment, CaptureTls, Entry, EntryOf, Official } from '../../../common/entry/Entry'
import { applyAmendments } from '../../../common/entry/applyAmendments'
import { changedFields, fieldSlots, otherFields } from '../../../common/entry/shownFields'
import { fieldLines, personText, translateMessage } from '../../../common/entry/fieldLines'
import type { FieldValue } from '../../../common/entry/EntryField'
import { unreachable } from '../../../common/errors/unreachable'
import type { Locale, MessageKey, MessageParams } from '../../../common/i18n/translate'
import { translate } from '../../../common/i18n/translate'
import { isImageType, sniffImage } from '../../../common/media/sniffImage'
import type { BundleManifest, ManifestFile } from '../../../common/bundle/bundleLayout'
import {
  FINGERPRINT_COMMAND,
  OPENSSL_COMMAND,
  SHA256SUM_COMMAND
} from '../../../common/bundle/bundleLayout'
import type { Coverage } from '../../../common/timestamp/anchorCoverage'
import type { CaptureBrowser } from '../../ports/CdpTransport'
import { reportStyles } from './reportStyles'

// report.html (and, printed, report.pdf): the disclosed entries for a person to read. Pure
// string building; every value that comes from an entry or the manifest passes through
// escapeHtml, and the page's CSP allows no script, no network and images only as data: URLs,
// so a hostile title or URL is text and nothing else.

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

export interface ReportInput {
  locale: Locale
  manifest: BundleManifest
  /** the zip's file name */
  bundleName: string
  /** lines of chain.jsonl: every entry of the vault up to the head */
  chainLength: number
  /** disclosed entries corrected by amendments the bundle does not carry */
  leftOutAmendments?: readonly { seq: number; amendedBy: number }[]
  entries: readonly ReportEntry[]
}

/** Larger images are described, not embedded: the report must stay printable. */
export const MAX_EMBEDDED_IMAGE_BYTES = 16 * 1024 * 1024
/** Images shown per entry, at most (a file entry may hold hundreds of photos). */
export const MAX_IMAGES_PER_ENTRY = 12
/** Characters of a capture's visible text printed; the whole text is an attachment. */
export const MAX_TEXT_CHARS = 20_000

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A CSS string literal (for @page margin boxes), quotes and backslashes escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`
}

/** SHA-256 of the raw public key, in groups of four hex digits, as people read it aloud. */
export function keyFingerprint(publicKeyHex: string): string {
  if (!isHexOf(publicKeyHex, 32)) return ''
  const digest = createHash('sha256').update(fromHex(publicKeyHex)).digest('hex')
  return digest.match(/.{4}/g)?.join(' ') ?? ''
}

/**
 * The attachments the report shows, by index: a web capture's screenshots (the visible part,
 * readable, then the full page, shrunk to one page), or any other entry's raster images.
 * The exporter reads exactly these (under MAX_EMBEDDED_IMAGE_BYTES) into ReportEntry.images.
 */
export function embeddedImages(entry: Entry): number[] {
  const indexed = entry.attachments.map((attachment, index) => ({ attachment, index }))
  const shots = (role: Attachment['role']) =>
    indexed.filter(({ attachment }) => attachment.role === role).map(({ index }) => index)
  if (entry.kind === 'web-capture')
    return [...shots('screenshot-viewport'), ...shots('screenshot-full')].slice(
      0,
      MAX_IMAGES_PER_ENTRY
    )
  return indexed
    .filter(
      ({ attachment }) =>
        isImageType(attachment.mediaType) || attachment.role.startsWith('screenshot')
    )
    .map(({ index }) => index)
    .slice(0, MAX_IMAGES_PER_ENTRY)
}

type Html = string & { readonly __html: true }

/** Marks text as already-built HTML; only this file's own builders make it. */
function html(text: string): Html {
  return text as Html
}

class ReportWriter {
  constructor(private readonly locale: Locale) {}

  t(key: MessageKey, params: MessageParams = {}): string {
    return translate(this.locale, key, params)
  }

  /** A translated string, escaped. */
  e(key: MessageKey, params: MessageParams = {}): Html {
    return html(escapeHtml(this.t(key, params)))
  }

  bytes(count: number): string {
    return this.t('report.bytes', { count: new Intl.NumberFormat(this.locale).format(count) })
  }

  value(value: string | number | undefined | null): Html {
    if (value === undefined || value === null || value === '')
      return html(`<span class="none">${this.e('report.none')}</span>`)
    return html(escapeHtml(String(value)))
  }

  mono(value: string | undefined): Html {
    return html(`<span class="mono">${this.value(value)}</span>`)
  }

  list(values: readonly string[] | undefined): Html {
    if (values === undefined || values.length === 0) return this.value(undefined)
    return html(`<ul>${values.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul>`)
  }

  /** Any JSON value, for fields no code here knows (a payload field added later). */
  json(value: unknown): Html {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return this.value(String(value))
    return html(`<pre class="json">${escapeHtml(JSON.stringify(value, null, 2))}</pre>`)
  }

  rows(rows: readonly (readonly [string, Html])[]): Html {
    return html(
      `<table class="fields">${rows
        .map(
          ([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`
        )
        .join('')}</table>`
    )
  }
}

type Row = readonly [string, Html]

function officialHtml(w: ReportWriter, o: Official): string {
  return [
    o.name !== undefined ? `${w.t('field.name')}: ${o.name}` : '',
    o.position !== undefined ? `${w.t('field.position')}: ${o.position}` : '',
    o.unit !== undefined ? `${w.t('field.unit')}: ${o.unit}` : ''
  ]
    .filter((part) => part !== '')
    .join('; ')
}

function tlsHtml(w: ReportWriter, tls: CaptureTls): Html {
  const c = (key: string) => w.t(`report.capture.${key}` as MessageKey)
  const certificates = tls.certificates
    .map(
      (cert, i) =>
        `<div class="certificate"><p class="cert-index">${i + 1}. ${escapeHtml(cert.subject)}</p>${w.rows(
          [
            [c('subject'), w.mono(cert.subject)],
            [c('issuer'), w.mono(cert.issuer)],
            [c('serialNumber'), w.mono(cert.serialNumber)],
            [
              c('validity'),
              w.value(
                w.t('report.capture.validityValue', { from: cert.notBefore, to: cert.notAfter })
              )
            ],
            [c('subjectAltName'), w.mono(cert.subjectAltName)],
            ['SHA-256', w.mono(cert.sha256)],
            ['PEM', html(`<pre class="pem">${escapeHtml(cert.pem)}</pre>`)]
          ]
        )}</div>`
    )
    .join('')
  return html(
    w.value([tls.protocol, tls.cipher, tls.keyExchange].filter((x) => x !== undefined).join(', ')) +
      `<p class="small">${escapeHtml(c('certificates'))}: ${w.e(`report.capture.certificatesFrom.${tls.certificatesFrom}`)}</p>` +
      (tls.hostnameMismatch !== undefined
        ? `<p class="small">${escapeHtml(c('hostnameMismatch'))}: ${escapeHtml(tls.hostnameMismatch)}</p>`
        : '') +
      certificates
  )
}

/** One field's value as HTML; an unrecorded field is one dash. */
function fieldHtml(w: ReportWriter, value: FieldValue | undefined): Html {
  if (value === undefined) return w.value(undefined)
  switch (value.shape) {
    case 'text':
    case 'prose':
      return w.value(value.value)
    case 'code':
    case 'time':
      return w.mono(value.value)
    case 'number':
      return w.value(value.value)
    case 'list':
      return w.list(value.value)
    case 'enum':
      // The stored word beside its translation: it is what entry.json says.
      return w.value(`${w.t(value.label)} (${value.value})`)
    case 'officials':
      return w.list(value.value.map((o) => officialHtml(w, o)))
    case 'people':
      return w.list(value.value.map(personText))
    case 'ref':
      return w.mono(`#${value.value.seq} ${value.value.id}`)
    case 'seqs':
      return w.value(value.value.map((seq) => `#${seq}`).join(', '))
    case 'message':
      return w.value(translateMessage((key, params) => w.t(key, params), value))
    case 'headers':
      return html(
        `<table class="headers">${value.value
          .map(
            (hdr) =>
              `<tr><td class="mono">${escapeHtml(hdr.name)}</td><td class="mono">${escapeHtml(hdr.value)}</td></tr>`
          )
          .join('')}</table>`
      )
    case 'tls':
      return tlsHtml(w, value.value)
    case 'json':
      return w.json(value.value)
    default:
      throw unreachable(value)
  }
}

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
    .map((slot) => [w.t(slot.label), marked(slot.key, fieldHtml(w, slot.value))] as const)
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

function renderImages(w: ReportWriter, r: ReportEntry): string {
  const figures: string[] = []
  const entry = r.entry
  for (const index of embeddedImages(entry)) {
    const attachment = entry.attachments[index]
    if (attachment === undefined) continue
    const path = r.files.find((f) => f.attachment === index)?.path ?? ''
    const bytes = r.images.get(index)
    const type = bytes === undefined ? null : sniffImage(bytes)
    if (bytes === undefined || type === null) {
      figures.push(
        `<p class="small">${w.e('report.imageNotEmbedded', {
          name: attachment.name,
          megabytes: (attachment.size / 1_000_000).toFixed(1),
          path
        })}</p>`
      )
      continue
    }
    const lines: string[] = []
    if (entry.kind === 'web-capture') {
      const p = entry.payload
      lines.push(
        `<span class="caption-main">${w.e('report.imageCaption', {
          url: p.finalUrl ?? p.requestedUrl,
          time: p.startedAt
        })}</span>`
      )
    }
    lines.push(
      w.e('report.imageNote', {
        name: `${attachment.name} (${w.t(`report.role.${attachment.role}`)})`,
        width: attachment.width ?? '?',
        height: attachment.height ?? '?',
        sha256: attachment.sha256,
        path
      })
    )
    const alt = escapeHtml(attachment.name)
    figures.push(
      `<figure><img alt="${alt}" src="data:${type};base64,${Buffer.from(bytes).toString('base64')}"><figcaption>${lines.join('<br>')}</figcaption></figure>`
    )
  }
  if (figures.length === 0) return ''
  return `<h3>${w.e('report.section.images')}</h3>${figures.join('')}`
}

function renderAttachments(w: ReportWriter, r: ReportEntry): string {
  const attachments = r.entry.attachments
  if (attachments.length === 0) return ''
  const rows = attachments
    .map((a, index) => {
      const path = r.files.find((f) => f.attachment === index)?.path
      const dims = a.width !== undefined && a.height !== undefined ? `${a.width}×${a.height}` : ''
      return `<tr><td>${index + 1}</td><td><div>${escapeHtml(a.name)}</div><div class="small">${escapeHtml(
        w.t(`report.role.${a.role}`)
      )} · ${escapeHtml(a.mediaType)} · ${escapeHtml(w.bytes(a.size))}${dims !== '' ? ` · ${dims}` : ''}</div>${
        path !== undefined ? `<div class="small mono">${escapeHtml(path)}</div>` : ''
      }</td><td class="mono hash">${escapeHtml(a.sha256)}</td></tr>`
    })
    .join('')
  return `<h3>${w.e('field.attachments')}</h3><table class="attachments"><thead><tr><th>#</th><th>${w.e(
    'field.name'
  )}</th><th>SHA-256</th></tr></thead><tbody>${rows}</tbody></table>`
}

/** The recorded value of a field, as plain text, for "as first recorded: …". */
function recordedText(w: ReportWriter, original: Entry, key: string): string {
  if (key === 'title') return original.title
  if (key === 'occurredAt') return original.occurredAt ?? w.t('report.none')
  const slot = fieldSlots(original).find((s) => s.key === key)
  return slot?.value === undefined
    ? w.t('report.none')
    : fieldLines((k, params) => w.t(k, params), slot.value).join('; ')
}

/**
 * An entry with its disclosed amendments applied: each corrected field shows the corrected
 * value, which amendment made it and why, and the value as first recorded.
 */
function renderEntry(
  w: ReportWriter,
  r: ReportEntry,
  amendments: readonly EntryOf<'amendment'>[],
  leftOut: readonly number[]
): string {
  const applied = applyAmendments(r.entry, amendments)
  const entry = applied.entry
  const kind = w.t(`kind.${entry.kind}`)
  const marked = (key: string, value: Html): Html => {
    const by = applied.correctedBy[key]
    if (by === undefined) return value
    return html(
      `${value}<div class="small amended">${w.e('entry.asAmended', { seq: by.seq, reason: by.reason })}; ${w.e(
        'report.originalValue',
        { value: recordedText(w, applied.original, key) }
      )}</div>`
    )
  }
  const common: Row[] = [
    [w.t('field.id'), w.mono(entry.id)],
    [w.t('field.kind'), w.value(`${kind} (${entry.kind})`)],
    [w.t('field.title'), marked('title', w.value(entry.title))],
    [w.t('field.recordedAt'), w.mono(entry.recordedAt)],
    [w.t('field.occurredAt'), marked('occurredAt', w.mono(entry.occurredAt))],
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
    [w.t('report.field.entryJson'), w.mono(entryJson?.sha256)]
  ]
  const bodyTitle =
    block === undefined || block.label === 'field.body'
      ? w.t('report.section.text')
      : w.t(block.label)
  return `<section class="entry" id="entry-${entry.seq}" data-seq="${entry.seq}">
<h2>${w.e('report.entryHeading', { seq: entry.seq, kind })}</h2>
<p class="entry-title">${escapeHtml(entry.title)}</p>
${renderImages(w, r)}
<h3>${w.e('report.section.details')}</h3>
${notices}
${w.rows([...common, ...payloadRows(w, entry, marked)])}
${other.length > 0 ? `<h3>${w.e('report.otherFields')}</h3>${w.rows(other)}` : ''}
${body !== undefined && body !== '' ? `<h3>${escapeHtml(bodyTitle)}</h3><div class="text">${escapeHtml(body)}</div>${shortened}` : ''}
${renderAttachments(w, r)}
${renderEntryTimestamp((key, params) => w.t(key, params), r.timestamp)}
<h3>${w.e('report.section.hashes')}</h3>
${w.rows(hashes)}
</section>`
}

function renderCover(w: ReportWriter, input: ReportInput, fingerprint: string): string {
  const m = input.manifest
  const given = (value: string) => (value === '' ? w.t('report.notGiven') : value)
  const rows: Row[] = [
    [w.t('report.field.exporter'), w.value(given(m.exporter))],
    [w.t('field.recipient'), w.value(given(m.recipient))],
    [w.t('field.purpose'), w.value(given(m.purpose))],
    [w.t('report.field.created'), w.mono(m.created)],
    [w.t('report.field.bundleId'), w.mono(m.bundleId)],
    [w.t('report.field.vaultId'), w.mono(m.vaultId)],
    [
      w.t('report.field.disclosed'),
      w.value(
        w.t('report.disclosedOf', { disclosed: input.entries.length, total: input.chainLength })
      )
    ],
    [
      w.t('report.field.head'),
      html(
        `${w.e('report.headValue', { seq: m.head.seq })}<br><span class="mono hash" data-head>${escapeHtml(m.head.chain)}</span>`
      )
    ],
    [w.t('report.field.headSignature'), w.mono(m.head.signature)],
    [w.t('report.field.publicKey'), w.mono(m.publicKey)]
  ]
  const contents = input.entries
    .map(
      (r) =>
        `<li><span class="mono">#${r.entry.seq}</span> ${escapeHtml(w.t(`kind.${r.entry.kind}`))}: ${escapeHtml(r.entry.title)}</li>`
    )
    .join('')
  return `<section class="cover">
<p class="brand">Dalel</p>
<h1>${w.e('report.title')}</h1>
<p class="subtitle">${w.e('report.subtitle', { bundleName: input.bundleName })}</p>
${w.rows(rows)}
<div class="fingerprint-box">
<p class="label">${w.e('report.field.fingerprint')}</p>
<p class="fingerprint" data-fingerprint>${escapeHtml(fingerprint)}</p>
<p>${w.e('report.keyNote')}</p>
</div>
<p class="note">${w.e('report.coverNote')}</p>
<h2>${w.e('report.contents')}</h2>
<ol class="contents">${contents}</ol>
</section>`
}

function renderAppendix(w: ReportWriter, input: ReportInput, fingerprint: string): string {
  const name = input.bundleName
  const verifyCommand = `dalel verify-bundle ${/^[\w.@+-]+$/.test(name) ? name : `"${name}"`}`
  const step = (title: MessageKey, text: MessageKey, command: string, params: MessageParams = {}) =>
    `<h3>${w.e(title)}</h3><p>${w.e(text, params)}</p><pre class="command">${escapeHtml(command)}</pre>`
  return `<section class="appendix">
<h2>${w.e('report.appendix.title')}</h2>
<p>${w.e('report.appendix.intro')}</p>
${step('report.appendix.sums.title', 'report.appendix.sums.text', SHA256SUM_COMMAND)}
${step('report.appendix.signature.title', 'report.appendix.signature.text', OPENSSL_COMMAND)}
${step('report.appendix.key.title', 'report.appendix.key.text', FINGERPRINT_COMMAND, { fingerprint: fingerprint.replaceAll(' ', '') })}
${step('report.appendix.chain.title', 'report.appendix.chain.text', verifyCommand)}
${renderTimestampAppendix((key, params) => w.t(key, params), input.entries)}
<h3>${w.e('report.appendix.limits.title')}</h3>
<p>${w.e('report.appendix.limits.text')}</p>
</section>`
}

/** report.html: a cover page, each disclosed entry, and an appendix on verification. */
export function renderReportHtml(input: ReportInput): string {
  const w = new ReportWriter(input.locale)
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
      (input.leftOutAmendments ?? []).filter((a) => a.seq === r.entry.seq).map((a) => a.amendedBy)
    )
  )
  .join('\n')}
${renderAvailability(
  (key, params) => w.t(key, params),
  input.locale,
  input.entries.map((r) => ({ entry: r.entry, commitment: r.link.commitment }))
)}
${renderAppendix(w, input, fingerprint)}
</body>
</html>
`
}

/** Resolves once every image is decoded and every font loaded, so the PDF misses none. */
const WAIT_FOR_PAINT = `Promise.all(Array.from(document.images, (img) => img.decode().catch(() => undefined)))
  .then(() => document.fonts.ready)
  .then(() => document.images.length)`

/** Bytes asked of Chromium per IO.read when the PDF streams back. */
const PDF_READ_BYTES = 4 * 1024 * 1024

function field<T>(value: unknown, key: string, check: (v: unknown) => v is T): T {
  const member = (value as Record<string, unknown> | null)?.[key]
  if (!check(member)) throw new Error(`unexpected DevTools answer: no ${key}`)
  return member
}

const isString = (v: unknown): v is string => typeof v === 'string'

/**
 * Prints report.html to PDF (A4, the page size and footer of its CSS) in a page of `browser`,
 * over the DevTools protocol: the same transport as web capture, so the CLI's Playwright
 * Chromium and the app's Electron both print it. The page is a fresh in-memory session; the
 * HTML is set directly (never written to disk), and nothing is fetched: the report's CSP
 * allows only its inline styles and data: images, and network requests are blocked besides.
 */
export async function renderReportPdf(
  reportHtml: string,
  browser: Pick<CaptureBrowser, 'openPage'>
): Promise<Uint8Array> {
  const page = await browser.openPage()
  try {
    await page.send('Network.enable')
    await page.send('Network.setBlockedURLs', {
      urls: ['http://*', 'https://*', 'ws://*', 'wss://*', 'ftp://*', 'file://*']
    })
    const tree = await page.send('Page.getFrameTree')
    const frameId = field(
      field(field(tree, 'frameTree', isRecord), 'frame', isRecord),
      'id',
      isString
    )
    await page.send('Page.setDocumentContent', { frameId, html: reportHtml })
    await page.send('Runtime.evaluate', {
      expression: WAIT_FOR_PAINT,
      awaitPromise: true,
      returnByValue: true
    })
    const printed = await page.send('Page.printToPDF', {
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: false,
      generateDocumentOutline: true,
      transferMode: 'ReturnAsStream'
    })
    const stream = field(printed, 'stream', isString)
    const chunks: Buffer[] = []
    try {
      for (;;) {
        const read = await page.send('IO.read', { handle: stream, size: PDF_READ_BYTES })
        const data = field(read, 'data', isString)
        chunks.push(
          Buffer.from(
            data,
            (read as { base64Encoded?: boolean }).base64Encoded === true ? 'base64' : 'latin1'
          )
        )
        if ((read as { eof?: boolean }).eof === true) break
      }
    } finally {
      await page.send('IO.close', { handle: stream }).catch(() => undefined)
    }
    return new Uint8Array(Buffer.concat(chunks))
  } finally {
    await page.close()
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
