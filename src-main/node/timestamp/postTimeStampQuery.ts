import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

/** Answers larger than this are not time-stamp responses (a token is a few kilobytes). */
const MAX_RESPONSE_BYTES = 256 * 1024
export const DEFAULT_TSA_TIMEOUT_MS = 15_000

/** Why an authority gave no answer; `detail` is for --debug and the report, not translated. */
export class TsaUnreachable extends Error {
  constructor(
    readonly url: string,
    readonly detail: string
  ) {
    super(`${url}: ${detail}`)
    this.name = 'TsaUnreachable'
  }
}

/**
 * POSTs a TimeStampReq to an RFC 3161 authority over HTTP or HTTPS (RFC 3161 §3.4) and
 * returns the body of its answer. Fails on anything but 200 with a time-stamp reply, on a
 * body over 256 KiB, and when the whole exchange takes longer than `timeoutMs`.
 */
export async function postTimeStampQuery(
  url: string,
  query: Uint8Array,
  options: { timeoutMs?: number } = {}
): Promise<Uint8Array> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new TsaUnreachable(url, 'not a URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new TsaUnreachable(url, 'only http and https are supported')
  const send = parsed.protocol === 'https:' ? httpsRequest : httpRequest
  const timeoutMs = options.timeoutMs ?? DEFAULT_TSA_TIMEOUT_MS
  return new Promise<Uint8Array>((resolve, reject) => {
    const fail = (detail: string) => {
      reject(new TsaUnreachable(url, detail))
    }
    const req = send(
      parsed,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/timestamp-query',
          accept: 'application/timestamp-reply',
          'content-length': query.length
        }
      },
      (response) => {
        const type = (response.headers['content-type'] ?? '').split(';')[0]?.trim()
        if (response.statusCode !== 200 || type !== 'application/timestamp-reply') {
          response.resume()
          fail(`HTTP ${response.statusCode ?? '?'} ${type ?? ''}`.trim())
          req.destroy()
          return
        }
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > MAX_RESPONSE_BYTES) {
            fail('the answer is too large')
            req.destroy()
            return
          }
          chunks.push(chunk)
        })
        response.on('end', () => {
          resolve(new Uint8Array(Buffer.concat(chunks)))
        })
        response.on('error', (error) => {
          fail(error.message)
        })
      }
    )
    const timer = setTimeout(() => {
      fail(`no answer in ${timeoutMs} ms`)
      req.destroy()
    }, timeoutMs)
    req.on('close', () => {
      clearTimeout(timer)
    })
    req.on('error', (error) => {
      fail(error.message)
    })
    req.end(Buffer.from(query))
  })
}
