import { writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { attachmentUrl } from '../common/contract/DalelApi'
import { encodePng } from '../node/media/png'
import { useTestService } from '../node/testing/useTestService'
import { APP_ORIGIN } from './appOrigin'
import { CONTENT_SECURITY_POLICY } from './appResponseHeaders'
import { createAppProtocolHandler, routeAppUrl } from './createAppProtocolHandler'
import type { AttachmentPreview } from './createAppProtocolHandler'

const root = resolve('/srv/dalel/out/renderer')
const files = new Map<string, string>([
  [join(root, 'index.html'), '<!doctype html><title>Dalel</title>'],
  [join(root, 'assets', 'index-abc.js'), 'console.log(1)'],
  [join(root, 'assets', 'index-abc.css'), 'body{}']
])
const readFile = (path: string): Promise<Uint8Array> => {
  const text = files.get(path)
  return text === undefined
    ? Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))
    : Promise.resolve(new TextEncoder().encode(text))
}

function handlerWith(
  readAttachment: (seq: number, index: number) => Promise<AttachmentPreview | null>
) {
  return createAppProtocolHandler({ rendererDir: root, readFile, readAttachment })
}

const noAttachments = () => Promise.resolve(null)
const get = (url: string, method = 'GET') => new Request(url, { method })

function expectHardened(response: Response): void {
  expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(response.headers.get('x-content-type-options')).toBe('nosniff')
}

describe('routeAppUrl', () => {
  it('recognises exactly the contract attachment addresses', () => {
    expect(routeAppUrl(`${APP_ORIGIN}${attachmentUrl(3, 0)}`, root)).toEqual({
      kind: 'attachment',
      seq: 3,
      index: 0
    })
    expect(routeAppUrl(`${APP_ORIGIN}${attachmentUrl(120, 14)}`, root)).toEqual({
      kind: 'attachment',
      seq: 120,
      index: 14
    })
  })

  it('does not read anything else as an attachment', () => {
    for (const path of [
      '/attachment/0/0',
      '/attachment/03/0',
      '/attachment/3/00',
      '/attachment/-1/0',
      '/attachment/3',
      '/attachment/3/0/x',
      '/attachment/3/0?x=1',
      '/attachment/1e3/0',
      '/attachment/9999999999999999/0'
    ]) {
      expect(routeAppUrl(`${APP_ORIGIN}${path}`, root).kind, path).not.toBe('attachment')
    }
    expect(routeAppUrl('app://evil/attachment/3/0', root).kind).toBe('not-found')
  })

  it('maps UI files inside the renderer directory and refuses traversal', () => {
    expect(routeAppUrl(`${APP_ORIGIN}/index.html`, root)).toEqual({
      kind: 'file',
      path: join(root, 'index.html')
    })
    expect(routeAppUrl(`${APP_ORIGIN}/../../etc/passwd`, root).kind).toBe('not-found')
    expect(routeAppUrl(`${APP_ORIGIN}/%2e%2e/secret`, root).kind).toBe('not-found')
  })
})

describe('createAppProtocolHandler', () => {
  it('serves the UI files with their types and the hardening headers', async () => {
    const handle = handlerWith(noAttachments)
    const page = await handle(get(`${APP_ORIGIN}/index.html`))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('<title>Dalel</title>')
    expectHardened(page)
    const script = await handle(get(`${APP_ORIGIN}/assets/index-abc.js`))
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expectHardened(script)
    const style = await handle(get(`${APP_ORIGIN}/assets/index-abc.css`))
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8')
  })

  it('answers 404, still with the CSP, for missing files and traversal attempts', async () => {
    const handle = handlerWith(noAttachments)
    for (const url of [
      `${APP_ORIGIN}/missing.js`,
      `${APP_ORIGIN}/../main/index.js`,
      `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`,
      'app://other/index.html'
    ]) {
      const response = await handle(get(url))
      expect(response.status, url).toBe(404)
      expectHardened(response)
    }
  })

  it('answers only GET', async () => {
    const response = await handlerWith(noAttachments)(get(`${APP_ORIGIN}/index.html`, 'POST'))
    expect(response.status).toBe(405)
    expectHardened(response)
  })

  it('serves an attachment preview from the reader, as the image type it is', async () => {
    const asked: [number, number][] = []
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
    const handle = handlerWith((seq, index) => {
      asked.push([seq, index])
      return Promise.resolve({ bytes, mediaType: 'image/png' })
    })
    const response = await handle(get(`${APP_ORIGIN}${attachmentUrl(7, 2)}`))
    expect(asked).toEqual([[7, 2]])
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes)
    expectHardened(response)
  })

  it('refuses to serve SVG or non-images even if a reader offered them, and reader failures', async () => {
    for (const mediaType of ['image/svg+xml', 'text/html', 'application/pdf']) {
      const handle = handlerWith(() =>
        Promise.resolve({ bytes: new TextEncoder().encode('<svg onload=alert(1)>'), mediaType })
      )
      const response = await handle(get(`${APP_ORIGIN}${attachmentUrl(1, 0)}`))
      expect(response.status, mediaType).toBe(404)
    }
    const failing = handlerWith(() => Promise.reject(new Error('vault-locked')))
    const response = await failing(get(`${APP_ORIGIN}${attachmentUrl(1, 0)}`))
    expect(response.status).toBe(404)
    expectHardened(response)
  })
})

describe('attachment previews over a real vault', () => {
  const t = useTestService('dalel-protocol-')
  const png = encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(12).fill(200) })

  beforeAll(async () => {
    await writeFile(join(t.dir, 'photo.png'), png)
    await writeFile(join(t.dir, 'notes.txt'), 'not an image')
    await t.service.addAttachment({
      files: [{ path: join(t.dir, 'photo.png') }, { path: join(t.dir, 'notes.txt') }],
      title: 'Photo of the search warrant'
    })
  })

  it('serves the image bytes while unlocked, refuses the text file, and nothing once locked', async () => {
    const handle = createAppProtocolHandler({
      rendererDir: root,
      readFile,
      readAttachment: (seq, index) => t.service.previewAttachment(seq, index)
    })
    const image = await handle(get(`${APP_ORIGIN}${attachmentUrl(1, 0)}`))
    expect(image.status).toBe(200)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(new Uint8Array(png))
    expectHardened(image)

    expect((await handle(get(`${APP_ORIGIN}${attachmentUrl(1, 1)}`))).status).toBe(404)
    expect((await handle(get(`${APP_ORIGIN}${attachmentUrl(2, 0)}`))).status).toBe(404)

    await t.service.lock()
    expect((await handle(get(`${APP_ORIGIN}${attachmentUrl(1, 0)}`))).status).toBe(404)
  })
})
