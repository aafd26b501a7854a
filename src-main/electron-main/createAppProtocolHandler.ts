import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { unreachable } from '../common/errors/unreachable'
import { isImageType } from '../common/media/sniffImage'
import { APP_HOST, APP_SCHEME } from './appOrigin'
import { appResponseHeaders } from './appResponseHeaders'
import { resolveAppUrl } from './resolveAppUrl'

/** What the protocol may show of an attachment: the bytes of an image, from memory. */
export interface AttachmentPreview {
  bytes: Uint8Array
  mediaType: string
}

export interface AppProtocolDeps {
  /** absolute path of the built renderer (out/renderer) */
  rendererDir: string
  /**
   * An attachment's bytes while the vault is unlocked, or null (locked, withdrawn, not an
   * image, too large): VaultService.previewAttachment.
   */
  readAttachment: (seq: number, index: number) => Promise<AttachmentPreview | null>
  /** the file system; tests pass a map */
  readFile?: (path: string) => Promise<Uint8Array>
}

/** The files the renderer build contains; anything else is served as opaque bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8'
}

// By hand, like resolveAppUrl: decimal numbers only, no query, nothing to normalise.
const attachmentPattern = new RegExp(
  `^${APP_SCHEME}://${APP_HOST}/attachment/([1-9][0-9]{0,14})/(0|[1-9][0-9]{0,5})$`,
  'i'
)

export type AppRoute =
  | { kind: 'attachment'; seq: number; index: number }
  | { kind: 'file'; path: string }
  | { kind: 'not-found' }

/** Which of the two things the protocol serves a URL names: an attachment or a UI file. */
export function routeAppUrl(url: string, rendererDir: string): AppRoute {
  const attachment = attachmentPattern.exec(url)
  if (attachment !== null) {
    return { kind: 'attachment', seq: Number(attachment[1]), index: Number(attachment[2]) }
  }
  const path = resolveAppUrl(url, rendererDir)
  return path === null ? { kind: 'not-found' } : { kind: 'file', path }
}

function respond(status: number, body: Uint8Array | string | null, contentType: string): Response {
  // A copy into a fresh ArrayBuffer: Response takes only ArrayBuffer-backed views.
  const payload = body instanceof Uint8Array ? new Uint8Array(body) : body
  return new Response(payload, { status, headers: appResponseHeaders(contentType) })
}

const notFound = () => respond(404, 'Not found', 'text/plain; charset=utf-8')

/**
 * The app:// protocol: the built UI from out/renderer, and `/attachment/<seq>/<index>`
 * (attachmentUrl in the contract) as image bytes read from the vault into memory — never a
 * temporary file. Every response carries the CSP and `Cache-Control: no-store`
 * (appResponseHeaders); only GET is answered. The handler is installed on the app's own
 * session only, so the capture window's pages cannot reach it.
 */
export function createAppProtocolHandler(
  deps: AppProtocolDeps
): (request: Request) => Promise<Response> {
  const read = deps.readFile ?? (async (path: string) => new Uint8Array(await readFile(path)))
  return async (request) => {
    if (request.method !== 'GET')
      return respond(405, 'Method not allowed', 'text/plain; charset=utf-8')
    const route = routeAppUrl(request.url, deps.rendererDir)
    switch (route.kind) {
      case 'not-found':
        return notFound()
      case 'attachment': {
        const preview = await deps.readAttachment(route.seq, route.index).catch(() => null)
        if (preview === null || !isImageType(preview.mediaType)) return notFound()
        return respond(200, preview.bytes, preview.mediaType)
      }
      case 'file': {
        try {
          const bytes = await read(route.path)
          const type =
            CONTENT_TYPES[extname(route.path).toLowerCase()] ?? 'application/octet-stream'
          return respond(200, bytes, type)
        } catch {
          return notFound()
        }
      }
      default:
        throw unreachable(route)
    }
  }
}
