import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import type { AttachmentRole, WebCapturePayload } from '../../src-main/common/entry/Entry'
import { decodePng } from '../../src-main/node/media/png'
import { RESIZED_HEADING } from '../fixtures/captureFixtureServer'
import type { SeenByPage } from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM, suiteName, useCaptureSuite } from '../fixtures/captureTestKit'
import { parseMhtml } from '../fixtures/parseMhtml'

/**
 * What a page sees of a capture, and what the capture sees of the page (issue 15, items 5
 * and 6): every file of one capture shows one state of a page that changes on a timer and
 * on resize, and the page sees an ordinary Chromium, with what it could still notice
 * recorded.
 */
describe.skipIf(TEST_CHROMIUM === null)(
  suiteName('one state of the page, an ordinary browser'),
  () => {
    const { fixtures, service, browser } = useCaptureSuite('dalel-page-view-')

    async function capture(
      path: string
    ): Promise<{ payload: WebCapturePayload; files: Map<AttachmentRole, Buffer> }> {
      const [view]: EntryView[] = await service.captureWeb([`${fixtures.http}${path}`], {
        browser: browser(),
        toolVersion: '0.1.0-test',
        timeoutMs: 10_000
      })
      const entry = view?.entry
      if (view === undefined || entry?.kind !== 'web-capture') throw new Error('no capture')
      const files = new Map<AttachmentRole, Buffer>()
      for (const [i, a] of entry.attachments.entries())
        files.set(a.role, Buffer.from(await service.readAttachment(view.seq, i)))
      return { payload: entry.payload, files }
    }

    it('takes every file from one state of a page that changes on a timer and on resize', async () => {
      const { payload, files } = await capture('/mutating')
      const text = files.get('text')?.toString('utf8') ?? ''
      const dom = files.get('dom')?.toString('utf8') ?? ''
      const mhtml = parseMhtml(files.get('mhtml')?.toString('utf8') ?? '')
      const mhtmlHtml =
        mhtml.parts
          .find((p) => (p.headers['content-type'] ?? '').startsWith('text/html'))
          ?.body.toString('utf8') ?? ''
      const counter = /^\s*(\d+)/.exec(text)?.[1]
      expect(counter).toBeDefined()
      // The text, the DOM and the archive say the same number, and nobody saw a resize.
      expect(dom).toContain(`<p id="counter" style="font-size:64px">${counter}</p>`)
      expect(mhtmlHtml).toMatch(new RegExp(`id="counter"[^>]*>${counter}<`))
      expect(text).not.toContain(RESIZED_HEADING)
      expect(dom).not.toContain(`<h1>${RESIZED_HEADING}</h1>`)
      // The full-page screenshot's top is the viewport screenshot, pixel for pixel.
      const full = decodePng(files.get('screenshot-full') ?? Buffer.alloc(0))
      const shot = decodePng(files.get('screenshot-viewport') ?? Buffer.alloc(0))
      expect(full.height).toBeGreaterThan(shot.height)
      const row = (image: typeof full, y: number) =>
        Buffer.from(
          image.pixels.subarray(
            y * image.width * image.channels,
            (y + 1) * image.width * image.channels
          )
        )
      let differing = 0
      for (let y = 0; y < shot.height; y++) if (!row(full, y).equals(row(shot, y))) differing++
      expect(differing).toBe(0)
      expect(payload.warnings ?? []).not.toContain('page-changed-during-capture')
      expect(payload.changedDuringCapture).toBeUndefined()
    })

    it('looks like an ordinary Chromium to the page and records what the page could still tell', async () => {
      const { payload, files } = await capture('/fingerprint')
      const dom = files.get('dom')?.toString('utf8') ?? ''
      const json = /<pre id="seen">([^<]*)<\/pre>/.exec(dom)?.[1] ?? '{}'
      const seen = JSON.parse(json.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as SeenByPage
      const major = payload.browser.version.split('.')[0] ?? ''
      expect(seen.webdriver).toBe(false)
      expect(seen.brands).toContainEqual({ brand: 'Chromium', version: major })
      expect(seen.userAgent).not.toMatch(/Headless/)
      expect(seen.userAgent).toBe(payload.userAgent)
      expect(seen.outerWidth).toBeGreaterThanOrEqual(seen.innerWidth)
      expect(seen.outerHeight).toBeGreaterThan(seen.innerHeight)
      expect(seen.screenWidth).toBeGreaterThanOrEqual(seen.outerWidth)
      expect(seen.screenHeight).toBeGreaterThanOrEqual(seen.outerHeight)
      // The server got the client hints a Chromium sends.
      const headers = fixtures.headers.get('/fingerprint') ?? {}
      expect(headers['sec-ch-ua']).toContain(`"Chromium";v="${major}"`)
      expect(headers['sec-ch-ua-mobile']).toBe('?0')
      // What is left is recorded, and what was hidden is not claimed.
      const signals = payload.automationSignals ?? []
      expect(signals).toContain('devtools-attached')
      for (const hidden of [
        'navigator-webdriver',
        'no-client-hint-brands',
        'headless-user-agent',
        'window-smaller-than-viewport'
      ] as const)
        expect(signals).not.toContain(hidden)
      expect(signals.includes('no-plugins')).toBe(seen.pluginCount === 0)
      expect(signals.includes('no-chrome-object')).toBe(!seen.hasChromeObject)
    })

    // A fresh page's first document once read outerWidth 0 at parse time in about 1 capture of
    // 7 (and at load now and then under load): its widget got the window's size only after
    // the commit. Ten fresh pages in a row must all know their window from the first script.
    it("gives every fresh page its window's size before the page's first script runs", async () => {
      const atParse: string[] = []
      for (let i = 0; i < 10; i++) {
        const { files } = await capture('/fingerprint')
        const dom = files.get('dom')?.toString('utf8') ?? ''
        const json = /<pre id="seen">([^<]*)<\/pre>/.exec(dom)?.[1] ?? '{}'
        const seen = JSON.parse(json.replace(/&quot;/g, '"')) as SeenByPage
        atParse.push(`${seen.outerAtParse[0]}×${seen.outerAtParse[1]}`)
      }
      expect(atParse).toEqual(Array<string>(10).fill('1280×887'))
    })

    it.skipIf(process.platform !== 'linux')(
      "keeps Playwright's disabled features when it turns RenderDocument off",
      async () => {
        // Chromium reads only the last --disable-features: Playwright's comes first, ours last.
        const pid = browser().pid
        const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0')
        const lists = cmdline
          .filter((a) => a.startsWith('--disable-features='))
          .map((a) => a.slice('--disable-features='.length).split(','))
        expect(lists.length).toBeGreaterThanOrEqual(2)
        const last = lists.at(-1) ?? []
        expect(last).toContain('RenderDocument')
        for (const list of lists) for (const feature of list) expect(last).toContain(feature)
      }
    )
  }
)
