import type { Attachment, Entry } from '../../../common/entry/Entry'
import { isImageType, sniffImage } from '../../../common/media/sniffImage'
import type { ReportEntry } from './renderEntry'
import { imageFigures, sameScreenshots } from './imageFigures'
import { escapeHtml } from './ReportWriter'
import type { ReportWriter } from './ReportWriter'

// The files of an entry in report.html: the pictures shown, and the list of every attachment.

/** Larger images are described, not embedded: the report must stay printable. */
export const MAX_EMBEDDED_IMAGE_BYTES = 16 * 1024 * 1024
/** Images shown per entry, at most (a file entry may hold hundreds of photos). */
export const MAX_IMAGES_PER_ENTRY = 12
/**
 * The attachments the report shows, by index: a web capture's screenshots (the visible part,
 * readable, then the full page, in page-sized parts), or any other entry's raster images.
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

/**
 * The entry's embedded images (embeddedImages), each captioned with its name, size and hash;
 * a tall one cut into page-sized parts, and a capture's viewport screenshot left out when
 * the full-page one is the same picture (imageFigures).
 */
export function renderImages(w: ReportWriter, r: ReportEntry): string {
  const figures: string[] = []
  const entry = r.entry
  const same = sameScreenshots(entry, r.images)
  for (const index of embeddedImages(entry)) {
    if (index === same?.viewport) continue
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
    const twin = same === null ? undefined : entry.attachments[same.viewport]
    figures.push(
      ...imageFigures(
        w,
        r,
        index,
        { bytes, type },
        twin === undefined
          ? undefined
          : { ...twin, path: r.files.find((f) => f.attachment === same?.viewport)?.path ?? '' }
      )
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
