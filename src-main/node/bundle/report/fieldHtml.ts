import type { CaptureTls, Official } from '../../../common/entry/Entry'
import type { FieldValue } from '../../../common/entry/EntryField'
import { personText, translateMessage } from '../../../common/entry/fieldLines'
import { unreachable } from '../../../common/errors/unreachable'
import type { MessageKey } from '../../../common/i18n/translate'
import { sameWords } from '../../../common/i18n/sameWords'
import { escapeHtml, html } from './ReportWriter'
import type { Html, ReportWriter } from './ReportWriter'

// A field value of any kind, laid out as HTML by its shape (the entry-field table's): lists as
// lists, hashes in monospace, times in the reader's words, a capture's TLS certificates as
// tables of their own.

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
              w.eHtml('report.capture.validityValue', {
                from: w.when(cert.notBefore),
                to: w.when(cert.notAfter)
              })
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

/**
 * One field's value as HTML; an unrecorded field is one dash. A time is written as the reader
 * reads it, in UTC when the field's label says so (`zone`).
 */
export function fieldHtml(
  w: ReportWriter,
  value: FieldValue | undefined,
  zone: 'local' | 'utc' = 'local'
): Html {
  if (value === undefined) return w.value(undefined)
  switch (value.shape) {
    case 'text':
    case 'prose':
      return w.value(value.value)
    case 'code':
      return w.mono(value.value)
    case 'time':
      return w.when(value.value, zone)
    case 'number':
      return w.value(value.value)
    case 'list':
      return w.list(value.value)
    case 'enum': {
      // The stored word beside its translation: it is what entry.json says (once, when the
      // translation is the word itself, as in English).
      const name = w.t(value.label)
      return w.value(sameWords(value.value, name) ? name : `${name} (${value.value})`)
    }
    case 'officials':
      return w.list(value.value.map((o) => officialHtml(w, o)))
    case 'people':
      return w.list(value.value.map(personText))
    case 'ref':
      return w.mono(`${w.t('entry.number', { seq: value.value.seq })} ${value.value.id}`)
    case 'seqs':
      // «№» in ru and kk, '#' in en (GLOSSARY)
      return w.value(value.value.map((seq) => w.t('entry.number', { seq })).join(', '))
    case 'refs':
      return w.links(value.value.map((ref) => ref.seq))
    case 'message':
      return w.value(translateMessage((key, params) => w.t(key, params), value))
    case 'headers':
      if (value.value.length === 0) return w.value(undefined)
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
