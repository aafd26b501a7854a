import type { CaptureBrowser } from '../../ports/CdpTransport'

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
