import type { Attachment, Entry } from '../../../common/entry/Entry'
import type { ImageType } from '../../../common/media/sniffImage'
import { PngFormatError, samePixels, slicePng } from '../../media/png'
import { imageSize } from '../../media/sniffMedia'
import type { ReportEntry } from './renderEntry'
import { escapeHtml } from './ReportWriter'
import type { ReportWriter } from './ReportWriter'

// How one embedded image becomes figures of report.pdf: whole when it fits a page at a
// readable scale, else cut into page-sized parts, each at the page's width.

/** A4's width less the report's side margins (reportStyles: 15 mm each side). */
const CONTENT_WIDTH_MM = 180
/**
 * The tallest part printed: a page's 263 mm of content less a heading and a caption, so
 * that each part with its caption fits one page.
 */
export const PART_HEIGHT_MM = 215
/** Print resolution of a CSS pixel: an image narrower than the page keeps its own size. */
const MM_PER_CSS_PX = 25.4 / 96

/**
 * Rows per printed part of an image `width` pixels wide, and how many parts `height` rows
 * make: the parts are equal (the last may be a row shorter), never a sliver at the end.
 */
export function partRows(width: number, height: number): { rows: number; parts: number } {
  const shownMm = Math.min(CONTENT_WIDTH_MM, width * MM_PER_CSS_PX)
  const most = Math.max(1, Math.floor((PART_HEIGHT_MM / shownMm) * width))
  const parts = Math.ceil(height / most)
  return { rows: Math.ceil(height / parts), parts }
}

/**
 * A web capture whose viewport and full-page screenshots are the same picture (the page fit
 * in the window): same bytes, or the same pixels in differently encoded files.
 */
export function sameScreenshots(
  entry: Entry,
  images: ReadonlyMap<number, Uint8Array>
): { viewport: number; full: number } | null {
  if (entry.kind !== 'web-capture') return null
  const viewport = entry.attachments.findIndex((a) => a.role === 'screenshot-viewport')
  const full = entry.attachments.findIndex((a) => a.role === 'screenshot-full')
  const a = images.get(viewport)
  const b = images.get(full)
  if (a === undefined || b === undefined) return null
  try {
    return samePixels(a, b) ? { viewport, full } : null
  } catch (error) {
    // A screenshot this decoder cannot read is printed as it is, both of them.
    if (error instanceof PngFormatError) return null
    throw error
  }
}

/** The image cut into parts, or null when it fits a page whole (or cannot be cut). */
function parts(bytes: Uint8Array, type: ImageType): Uint8Array[] | null {
  const size = type === 'image/png' ? imageSize(type, bytes) : undefined
  if (size === undefined) return null
  const { rows, parts: count } = partRows(size.width, size.height)
  if (count < 2) return null
  try {
    return slicePng(bytes, rows)
  } catch (error) {
    if (error instanceof PngFormatError) return null
    throw error
  }
}

function img(alt: string, type: ImageType, bytes: Uint8Array): string {
  return `<img alt="${escapeHtml(alt)}" src="data:${type};base64,${Buffer.from(bytes).toString('base64')}">`
}

/**
 * The figures of one embedded image: one, or one per part, each part labelled "part k of n"
 * with the pixel rows it shows. The first carries the caption: the capture's URL and time,
 * the file's name, size and hash, and `sameAs`, a screenshot with exactly these pixels.
 */
export function imageFigures(
  w: ReportWriter,
  r: ReportEntry,
  index: number,
  image: { bytes: Uint8Array; type: ImageType },
  sameAs?: Attachment & { path: string }
): string[] {
  const entry = r.entry
  const attachment = entry.attachments[index]
  if (attachment === undefined) return []
  const path = r.files.find((f) => f.attachment === index)?.path ?? ''
  const measured = imageSize(image.type, image.bytes)
  const width = attachment.width ?? measured?.width
  const height = attachment.height ?? measured?.height
  const cut = parts(image.bytes, image.type)
  const lines: string[] = []
  if (entry.kind === 'web-capture') {
    const p = entry.payload
    lines.push(
      `<span class="caption-main">${w.e('report.imageCaption', {
        url: p.finalUrl ?? p.requestedUrl,
        // in UTC, as the capture's "started (UTC)" row beside it
        time: w.dateText(p.startedAt, 'utc')
      })}</span>`
    )
  }
  const name = `${attachment.name} (${w.t(`report.role.${attachment.role}`)})`
  const facts = {
    name,
    width: width ?? w.t('report.none'),
    height: height ?? w.t('report.none'),
    sha256: attachment.sha256,
    path
  }
  lines.push(
    cut === null
      ? w.e('report.imageNote', facts)
      : w.e('report.imageNoteParts', { ...facts, parts: cut.length })
  )
  if (sameAs !== undefined)
    lines.push(
      w.e('report.imageSame', {
        name: sameAs.name,
        role: w.t(`report.role.${sameAs.role}`),
        sha256: sameAs.sha256,
        path: sameAs.path
      })
    )
  const caption = lines.join('<br>')
  if (cut === null)
    return [
      `<figure>${img(attachment.name, image.type, image.bytes)}<figcaption>${caption}</figcaption></figure>`
    ]
  let from = 1
  return cut.map((part, k) => {
    const rows = imageSize('image/png', part)?.height ?? 0
    const label = `<span class="part-label" data-part="${k + 1}">${w.e('report.imagePart', {
      name: attachment.name,
      part: k + 1,
      parts: cut.length,
      from,
      to: from + rows - 1,
      height: measured?.height ?? 0
    })}</span>`
    from += rows
    return `<figure class="part">${img(attachment.name, image.type, part)}<figcaption>${label}${k === 0 ? `<br>${caption}` : ''}</figcaption></figure>`
  })
}
