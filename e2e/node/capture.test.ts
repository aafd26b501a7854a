import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import type { AttachmentRole, WebCapturePayload } from '../../src-main/common/entry/Entry'
import type { CaptureBrowser } from '../../src-main/node/ports/CdpTransport'
import { launchChromium } from '../../src-main/node/capture/launchChromium'
import { decodePng } from '../../src-main/node/media/png'
import { VaultService } from '../../src-main/node/services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock } from '../../src-main/node/testing/testVault'
import {
  ARTICLE_TITLE,
  CaptureFixtures,
  KAZAKH_SENTENCE,
  LAZY_IMAGES,
  RED,
  RUSSIAN_SENTENCE,
  TALL_BANDS,
  bandColour,
  solidPng
} from '../fixtures/captureFixtureServer'
import { TEST_CHROMIUM, pixelAt, suiteName } from '../fixtures/captureTestKit'
import { parseMhtml } from '../fixtures/parseMhtml'
import { makeTestPki } from '../../src-main/node/testing/testCertificates'
import type { TestPki } from '../../src-main/node/testing/testCertificates'

/**
 * The capture engine through the service, as every face calls it, against local fixture
 * servers and a system Chromium. Each test reads back what the vault stored — decrypted
 * attachments, decoded PNGs, the parsed MHTML, the HAR, the certificates — not merely that
 * a file is there.
 */

interface Stored {
  view: EntryView
  payload: WebCapturePayload
  files: Map<AttachmentRole, Buffer>
}

describe.skipIf(TEST_CHROMIUM === null)(suiteName('web capture (engine and service)'), () => {
  const fixtures = new CaptureFixtures()
  const service = new VaultService({ clock: steppingClock() })
  let dir = ''
  let pki: TestPki
  let browser: CaptureBrowser

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dalel-capture-'))
    pki = makeTestPki(dir)
    await fixtures.start(pki)
    browser = await launchChromium({
      executablePath: TEST_CHROMIUM ?? '',
      // Chromium trusts the test leaf (and nothing else of the test PKI) without a root store.
      extraArgs: [`--ignore-certificate-errors-spki-list=${pki.leafSpki}`]
    })
    await service.createVault(join(dir, 'vault'), {
      passphrase: TEST_PASSPHRASE,
      author: 'Айгерим Сапарова',
      kdfLimits: TEST_KDF
    })
  })
  afterAll(async () => {
    await service.lock()
    await browser.close()
    await fixtures.close()
    await rm(dir, { recursive: true, force: true })
  })

  async function stored(view: EntryView): Promise<Stored> {
    const entry = view.entry
    if (entry?.kind !== 'web-capture') throw new Error('not a web capture')
    const files = new Map<AttachmentRole, Buffer>()
    for (const [i, a] of entry.attachments.entries())
      files.set(a.role, Buffer.from(await service.readAttachment(view.seq, i)))
    return { view, payload: entry.payload, files }
  }

  async function capture(url: string, timeoutMs = 10_000): Promise<Stored> {
    const [view] = await service.captureWeb([url], {
      browser,
      toolVersion: '0.1.0-test',
      timeoutMs
    })
    if (view === undefined) throw new Error('no entry')
    return stored(view)
  }

  function file(s: Stored, role: AttachmentRole): Buffer {
    const bytes = s.files.get(role)
    if (bytes === undefined) throw new Error(`no ${role} attachment`)
    return bytes
  }

  it('records an article in Russian and Kazakh with every file, and finds it by a Kazakh word', async () => {
    const url = `${fixtures.http}/article`
    const s = await capture(url)
    const p = s.payload
    expect(p).toMatchObject({
      requestedUrl: url,
      finalUrl: url,
      outcome: 'captured',
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      serverIp: '127.0.0.1',
      serverPort: Number(new URL(url).port),
      title: ARTICLE_TITLE,
      redirects: [],
      operator: 'Айгерим Сапарова',
      tool: { name: 'Dalel', version: '0.1.0-test' },
      viewport: { width: 1280, height: 800, deviceScaleFactor: 1 },
      browser: {
        name: 'Chromium',
        version: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) as unknown
      }
    })
    expect(p.responseHeaders).toContainEqual({ name: 'X-Fixture', value: 'dalel' })
    expect(p.userAgent).toMatch(/Chrome\/\d+/)
    expect(p.userAgent).not.toContain('Headless')
    expect(Date.parse(p.endedAt)).toBeGreaterThan(Date.parse(p.startedAt))
    expect(p.text).toContain(KAZAKH_SENTENCE)
    expect(s.view.entry?.title).toBe(ARTICLE_TITLE)

    const full = decodePng(file(s, 'screenshot-full'))
    expect([full.width, full.height]).toEqual([1280, p.page?.height])
    expect(full.height).toBeGreaterThan(2400)
    expect(pixelAt(full, 300, 750)).toEqual(RED) // the image at left 100, top 600, 400 × 300
    const viewport = decodePng(file(s, 'screenshot-viewport'))
    expect([viewport.width, viewport.height]).toEqual([1280, 800])

    const mhtml = parseMhtml(file(s, 'mhtml').toString('utf8'))
    const [html, ...resources] = mhtml.parts
    expect(html?.headers['content-type']).toBe('text/html')
    expect(html?.headers['content-location']).toBe(url)
    expect(html?.body.toString('utf8')).toContain(KAZAKH_SENTENCE)
    const image = resources.find((r) => r.headers['content-location']?.endsWith('/img/red.png'))
    expect(image?.body.equals(Buffer.from(solidPng(400, 300, RED)))).toBe(true)

    const dom = file(s, 'dom').toString('utf8')
    expect(dom.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(dom).toContain(`<p lang="kk">${KAZAKH_SENTENCE}</p>`)
    const text = file(s, 'text').toString('utf8')
    expect(text).toContain(RUSSIAN_SENTENCE)
    expect(text).toContain(KAZAKH_SENTENCE)

    const har = JSON.parse(file(s, 'har').toString('utf8')) as {
      log: {
        version: string
        entries: {
          request: { url: string; method: string }
          response: { status: number; headers: { name: string }[] }
          serverIPAddress?: string
          time: number
        }[]
      }
    }
    expect(har.log.version).toBe('1.2')
    expect(har.log.entries.length).toBe(p.requestCount)
    const main = har.log.entries.find((e) => e.request.url === url)
    expect(main).toMatchObject({ request: { method: 'GET' }, response: { status: 200 } })
    expect(main?.serverIPAddress).toBe('127.0.0.1')
    expect(har.log.entries.map((e) => e.request.url)).toContain(`${fixtures.http}/img/red.png`)
    expect(s.files.has('certificate')).toBe(false)

    expect(service.search('ТІНТУ').map((v) => v.id)).toContain(s.view.id)
    expect(service.search('әріптестеріміздің').map((v) => v.id)).toContain(s.view.id)
  })

  it('follows 301, 302, meta refresh and script redirects and records every hop', async () => {
    const s = await capture(`${fixtures.http}/redirect/301`)
    const base = fixtures.http
    expect(s.payload.redirects).toEqual([
      { from: `${base}/redirect/301`, to: `${base}/redirect/302`, kind: 'http', status: 301 },
      { from: `${base}/redirect/302`, to: `${base}/redirect/meta`, kind: 'http', status: 302 },
      { from: `${base}/redirect/meta`, to: `${base}/redirect/js`, kind: 'meta-refresh' },
      { from: `${base}/redirect/js`, to: `${base}/redirect/final`, kind: 'script' }
    ])
    expect(s.payload).toMatchObject({
      finalUrl: `${base}/redirect/final`,
      status: 200,
      title: 'Финал'
    })
    const statuses = (
      JSON.parse(file(s, 'har').toString('utf8')) as {
        log: {
          entries: { request: { url: string }; response: { status: number; redirectURL: string } }[]
        }
      }
    ).log.entries
      .filter((e) => e.request.url.includes('/redirect/'))
      .map((e) => [new URL(e.request.url).pathname, e.response.status, e.response.redirectURL])
    expect(statuses).toEqual([
      ['/redirect/301', 301, '/redirect/302'],
      ['/redirect/302', 302, '/redirect/meta'],
      ['/redirect/meta', 200, ''],
      ['/redirect/js', 200, ''],
      ['/redirect/final', 200, '']
    ])
  })

  it('captures a 40 000 px page in tiles stitched into one PNG of the full height', async () => {
    const s = await capture(`${fixtures.http}/tall`)
    const png = decodePng(file(s, 'screenshot-full'))
    expect([png.width, png.height]).toEqual([1280, TALL_BANDS * 1000])
    expect(s.payload.page).toEqual({ width: 1280, height: 40_000 })
    for (let band = 0; band < TALL_BANDS; band++)
      expect(pixelAt(png, 640, band * 1000 + 500), `band ${band}`).toEqual(bandColour(band))
    // Rows on both sides of every tile boundary, where a wrong stitch would show.
    for (const y of [0, 16_383, 16_384, 32_767, 32_768, 39_999])
      expect(pixelAt(png, 17, y), `row ${y}`).toEqual(bandColour(Math.floor(y / 1000)))
  })

  it('scrolls lazy images into view before the screenshot', async () => {
    const s = await capture(`${fixtures.http}/lazy`)
    const png = decodePng(file(s, 'screenshot-full'))
    for (const lazy of Object.values(LAZY_IMAGES)) {
      expect(fixtures.hits.get(lazy.path), lazy.path).toBeGreaterThanOrEqual(1)
      expect(pixelAt(png, 100, lazy.top + 100), lazy.path).toEqual(lazy.colour)
    }
    const urls = (
      JSON.parse(file(s, 'har').toString('utf8')) as {
        log: { entries: { request: { url: string } }[] }
      }
    ).log.entries.map((e) => e.request.url)
    expect(urls).toEqual(
      expect.arrayContaining(Object.values(LAZY_IMAGES).map((l) => `${fixtures.http}${l.path}`))
    )
  })

  it('keeps the page it settled on when the page opens popups and navigates away during capture', async () => {
    const url = `${fixtures.http}/popup`
    const s = await capture(url)
    expect(s.payload).toMatchObject({
      outcome: 'captured',
      finalUrl: url,
      title: 'Исходная страница',
      popupsBlocked: [`${fixtures.http}/popup-target`],
      navigationsBlocked: [`${fixtures.http}/elsewhere`]
    })
    // Neither the popup nor the navigation reached the server.
    expect(fixtures.hits.get('/popup-target')).toBeUndefined()
    expect(fixtures.hits.get('/elsewhere')).toBeUndefined()
    expect(file(s, 'text').toString('utf8')).toContain('Исходная страница')
    const [html] = parseMhtml(file(s, 'mhtml').toString('utf8')).parts
    expect(html?.headers['content-location']).toBe(url)
  })

  it('records an https page with its protocol, cipher and the certificate chain presented', async () => {
    const url = `${fixtures.https}/article`
    const s = await capture(url)
    const tls = s.payload.tls
    expect(tls).toMatchObject({ protocol: 'TLS 1.3', certificatesFrom: 'browser' })
    expect(tls?.cipher).toMatch(/GCM|CHACHA20/)
    expect(tls?.certificates.map((c) => c.sha256)).toEqual([
      pki.leaf.sha256,
      pki.intermediate.sha256
    ])
    expect(tls?.certificates[0]).toMatchObject({
      subject: 'CN=localhost, O=Dalel tests',
      issuer: 'CN=Dalel Test Intermediate CA, O=Dalel tests',
      subjectAltName: 'DNS:localhost, IP Address:127.0.0.1'
    })
    expect(tls?.certificates[0]?.pem.trim()).toBe(pki.leaf.pem.trim())
    const chain = file(s, 'certificate').toString('utf8')
    // The recorded chain is checkable with openssl alone, up to the test's root CA.
    const pemPath = join(dir, 'recorded-chain.pem')
    await writeFile(pemPath, chain)
    expect(
      execFileSync(
        'openssl',
        ['verify', '-CAfile', join(dir, 'root.pem'), '-untrusted', pemPath, pemPath],
        {
          encoding: 'utf8'
        }
      )
    ).toBe(`${pemPath}: OK\n`)
    const blocks = chain.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []
    expect(
      blocks.map((b) => new X509Certificate(b).fingerprint256.replace(/:/g, '').toLowerCase())
    ).toEqual([pki.leaf.sha256, pki.intermediate.sha256])
  })

  it('records a certificate for another name as tls-error, with the certificate presented', async () => {
    const s = await capture(`${fixtures.httpsWrongName}/article`)
    expect(s.payload.outcome).toBe('tls-error')
    expect(s.payload.reason).toMatch(/^net::ERR_CERT_/)
    expect(s.payload.tls).toMatchObject({ certificatesFrom: 'handshake', protocol: 'TLS 1.3' })
    expect(s.payload.tls?.certificates.map((c) => c.sha256).slice(0, 2)).toEqual([
      pki.wrongName.sha256,
      pki.intermediate.sha256
    ])
    expect(s.payload.tls?.certificates[0]?.subjectAltName).toBe('DNS:wrong.example')
    expect(s.payload.tls?.hostnameMismatch).toContain('127.0.0.1')
    expect(s.files.has('certificate')).toBe(true)
    expect(s.files.has('screenshot-full')).toBe(false)
  })

  it('records 404 and 451 as http-error with the page as served', async () => {
    const gone = await capture(`${fixtures.http}/gone`)
    expect(gone.payload).toMatchObject({
      outcome: 'http-error',
      status: 404,
      reason: 'HTTP 404 Not Found'
    })
    expect(file(gone, 'text').toString('utf8')).toContain('Страница удалена')
    expect(decodePng(file(gone, 'screenshot-viewport')).width).toBe(1280)
    const legal = await capture(`${fixtures.http}/legal`)
    expect(legal.payload).toMatchObject({ outcome: 'http-error', status: 451 })
    expect(service.search('удалена').map((v) => v.id)).toContain(gone.view.id)
  })

  it('records a server that never answers as a timeout, within the time limit', async () => {
    const started = performance.now()
    const s = await capture(`${fixtures.http}/hang`, 2000)
    expect(performance.now() - started).toBeLessThan(8000)
    expect(s.payload).toMatchObject({ outcome: 'timeout', timeoutMs: 2000 })
    expect(s.payload.reason).toBeUndefined()
    expect([...s.files.keys()]).toEqual(['har'])
    const har = JSON.parse(file(s, 'har').toString('utf8')) as {
      log: { entries: { request: { url: string }; response: { status: number } }[] }
    }
    expect(har.log.entries[0]).toMatchObject({
      request: { url: `${fixtures.http}/hang` },
      response: { status: 0 }
    })
  })

  it('records a name that does not resolve and a refused connection', async () => {
    const dns = await capture('http://dalel-capture-test.invalid/')
    expect(dns.payload).toMatchObject({
      outcome: 'dns-error',
      reason: 'net::ERR_NAME_NOT_RESOLVED'
    })
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const refused = await capture(`http://127.0.0.1:${port}/`)
    expect(refused.payload).toMatchObject({
      outcome: 'connection-error',
      reason: 'net::ERR_CONNECTION_REFUSED'
    })
  })

  it('refuses a download instead of writing it to disk, and records that', async () => {
    const s = await capture(`${fixtures.http}/download`)
    expect(s.payload).toMatchObject({ outcome: 'load-error' })
    expect(s.payload.reason).toMatch(/download/)
    expect([...s.files.keys()]).toEqual(['har'])
  })

  it('rechecks a page: unchanged, then changed, then gone, each naming the earlier capture', async () => {
    fixtures.mutable = 'v1'
    const first = await capture(`${fixtures.http}/mutable`)
    const run = { browser, toolVersion: '0.1.0-test', timeoutMs: 10_000 }
    const recheck = async () => {
      const [view] = await service.recheckWeb([first.view.id], run)
      if (view === undefined) throw new Error('no recheck entry')
      return (await stored(view)).payload
    }
    const of = { seq: first.view.seq, id: first.view.id }
    expect((await recheck()).recheck).toEqual({
      of,
      outcome: 'unchanged',
      previousOutcome: 'captured',
      textChanged: false,
      screenshotChanged: false
    })
    fixtures.mutable = 'v2'
    const changed = await recheck()
    expect(changed.recheck).toMatchObject({ of, outcome: 'changed', textChanged: true })
    expect(changed.text).toContain('публикаций нет')
    fixtures.mutable = 'gone'
    const gone = await recheck()
    expect(gone.recheck).toEqual({ of, outcome: 'gone', previousOutcome: 'captured' })
    expect(gone).toMatchObject({ outcome: 'http-error', status: 410 })
    expect(service.search('gone').length).toBeGreaterThanOrEqual(1)
  })

  it('leaves a vault that verifies, every attachment included', async () => {
    const report = await service.verify()
    expect(report).toMatchObject({ ok: true, problems: [] })
  })
})
