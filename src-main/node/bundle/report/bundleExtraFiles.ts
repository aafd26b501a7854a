import { utf8 } from '../../../common/encoding/bytes'
import type { CaptureBrowser } from '../../ports/CdpTransport'
import type { ExtraFiles } from '../exportBundle'
import { verifyPageHtml } from '../verifyPageHtml'
import type { ReportEntry } from './renderEntry'
import { MAX_EMBEDDED_IMAGE_BYTES, embeddedImages } from './renderEntryFiles'
import { renderReportHtml } from './renderReport'
import { renderReportPdf } from './renderReportPdf'

/** Image bytes one report embeds in all: beyond this, images are described, not shown. */
export const MAX_REPORT_IMAGE_BYTES = 96 * 1024 * 1024

export interface BundleExtraFilesOptions {
  /** prints report.pdf; null leaves the bundle with report.html only */
  browser: Pick<CaptureBrowser, 'openPage'> | null
  /** verify.html's bytes; read from resources/bundle/ by default */
  verifyPage?: () => Promise<Uint8Array>
  /** the zone the report shows times in (IANA); the computer's by default */
  timeZone?: string
}

/**
 * The exporter's extraFiles hook for verify.html, report.html and report.pdf. The report's
 * images are read from the vault into memory only (they are plaintext evidence).
 */
export function bundleExtraFiles(options: BundleExtraFilesOptions): ExtraFiles {
  return async (ctx) => {
    let budget = MAX_REPORT_IMAGE_BYTES
    const entries: ReportEntry[] = []
    for (const disclosed of ctx.entries) {
      const images = new Map<number, Uint8Array>()
      for (const index of embeddedImages(disclosed.entry)) {
        const size = disclosed.entry.attachments[index]?.size ?? Infinity
        if (size > MAX_EMBEDDED_IMAGE_BYTES || size > budget) continue
        budget -= size
        const bytes = new Uint8Array(size)
        let at = 0
        await ctx.streamAttachment(disclosed.seq, index, (block) => {
          bytes.set(block.subarray(0, Math.max(0, size - at)), at)
          at += block.length
        })
        if (at === size) images.set(index, bytes)
      }
      entries.push({ ...disclosed, images, timestamp: ctx.timestamps.get(disclosed.seq) ?? null })
    }
    const html = renderReportHtml({
      locale: ctx.locale,
      manifest: ctx.manifest,
      bundleName: ctx.bundleName,
      chainLength: ctx.chain.length,
      leftOutAmendments: ctx.leftOutAmendments,
      ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
      entries
    })
    const files = [
      { path: 'verify.html', bytes: await (options.verifyPage ?? verifyPageHtml)() },
      { path: 'report.html', bytes: utf8(html) }
    ]
    if (options.browser !== null)
      files.push({ path: 'report.pdf', bytes: await renderReportPdf(html, options.browser) })
    return files
  }
}
