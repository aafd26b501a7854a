import type { Attachment, Entry } from '../../../common/entry/Entry'
import { isImageType, sniffImage } from '../../../common/media/sniffImage'
import type { ReportEntry } from './renderEntry'
import { escapeHtml } from './ReportWriter'
import type { ReportWriter } from './ReportWriter'

// The files of an entry in report.html: the pictures shown, and the list of every attachment.

/** Larger images are described, not embedded: the report must stay printable. */
export const MAX_EMBEDDED_IMAGE_BYTES = 16 * 1024 * 1024
/** Images shown per entry, at most (a file entry may hold hundreds of photos). */
export const MAX_IMAGES_PER_ENTRY = 12
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

/** The entry's embedded images (embeddedImages), each captioned with its name, size and hash. */
export function renderImages(w: ReportWriter, r: ReportEntry): string {
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
          megabytes: w.number(attachment.size / 1_000_000, 1),
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

/** The entry's attachments: name, role, type, size, path in the bundle and SHA-256. */
export function renderAttachments(w: ReportWriter, r: ReportEntry): string {
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
