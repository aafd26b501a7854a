import type { CaptureRequestsView, CaptureRequestView } from '../../common/contract/EntryPageApi'
import { fromUtf8 } from '../../common/encoding/bytes'
import { DalelError } from '../../common/errors/DalelError'
import type { Vault } from '../vault/Vault'

/** Rows the page is sent at the most; the log says how many there are in all. */
export const REQUEST_ROWS_MAX = 2000

const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const number = (value: unknown, otherwise: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : otherwise

/** One HAR 1.2 entry (capture/buildHar) as a row; fields the log lacks read as empty. */
function requestRow(entry: unknown): CaptureRequestView {
  const e = (entry ?? {}) as Record<string, Record<string, unknown> | undefined>
  const request = e.request ?? {}
  const response = e.response ?? {}
  const content = (response.content ?? {}) as Record<string, unknown>
  const transferred = number(response._transferSize, -1)
  const error = text(response._error)
  return {
    method: text(request.method),
    url: text(request.url),
    status: number(response.status, 0),
    mediaType: text(content.mimeType),
    bytes: transferred >= 0 ? transferred : number(content.size, -1),
    ...(error !== '' ? { error } : {})
  }
}

/**
 * The request log of a web capture, read from its HAR attachment (decrypted in memory, as
 * a preview is): every request the page made, in order, with its answer. The first
 * REQUEST_ROWS_MAX rows and the total; a capture without a log (a failure before any
 * request) has none. A log that is not HAR is an error, not an empty list.
 */
export async function captureRequests(vault: Vault, seq: number): Promise<CaptureRequestsView> {
  const entry = vault.get(String(seq)).entry
  if (entry?.kind !== 'web-capture') throw new DalelError('entry-not-found', { id: String(seq) })
  const index = entry.attachments.findIndex((a) => a.role === 'har')
  if (index < 0) return { requests: [], total: 0 }
  let entries: unknown
  try {
    const har = JSON.parse(fromUtf8(await vault.readAttachment(seq, index))) as {
      log?: { entries?: unknown }
    }
    entries = har.log?.entries
  } catch (error) {
    if (error instanceof DalelError) throw error
    entries = undefined
  }
  if (!Array.isArray(entries))
    throw new DalelError('vault-corrupt', {
      file: `${seq}/${index}`,
      detail: 'the request log is not HAR'
    })
  return { requests: entries.slice(0, REQUEST_ROWS_MAX).map(requestRow), total: entries.length }
}
