import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'

/**
 * The app's Content-Security-Policy, as its protocol handler sends it: nothing from anywhere
 * but the app's own origin, no network connections at all, no plugins, no framing.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

export type AttachmentSource = (
  seq: number,
  index: number
) => Promise<{ bytes: Uint8Array; mediaType: string } | null>

export interface RendererServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string
  /** requests per path, as the server saw them */
  requests: string[]
  close: () => Promise<void>
}

/**
 * Serves a built renderer on 127.0.0.1 the way the app's app:// handler does: the files of
 * `root` only (no path outside it), attachments at /attachment/<seq>/<index> from memory,
 * and the strict CSP header on every answer.
 */
export async function serveRenderer(
  root: string,
  attachment: AttachmentSource
): Promise<RendererServer> {
  const base = resolve(root)
  const requests: string[] = []
  const sockets = new Set<Socket>()

  const send = (res: ServerResponse, status: number, type: string, body: Uint8Array | string) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store'
    })
    res.end(body)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    requests.push(path)
    const match = /^\/attachment\/(\d+)\/(\d+)$/.exec(path)
    if (match !== null) {
      const found = await attachment(Number(match[1]), Number(match[2]))
      if (found === null) send(res, 404, 'text/plain', 'not found')
      else send(res, 200, found.mediaType, found.bytes)
      return
    }
    const file = resolve(join(base, path === '/' ? 'index.html' : path))
    if (!file.startsWith(base + sep)) {
      send(res, 404, 'text/plain', 'not found')
      return
    }
    try {
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file))
    } catch {
      send(res, 404, 'text/plain', 'not found')
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      send(res, 500, 'text/plain', 'error')
    })
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => {
        server.close(() => {
          done()
        })
      })
    }
  }
}
