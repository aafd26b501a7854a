import type { CaptureOutcome, WebCapturePayload } from '../../common/entry/Entry'
import { networkFiles } from './capturedFiles'
import type { PageCapture } from './capturePage'
import {
  HANDSHAKE_TIMEOUT_MS,
  harOf,
  inFileOrder,
  PAYLOAD_TEXT_LIMIT,
  responseFacts
} from './captureSession'
import type { Session } from './captureSession'
import { captureTls } from './captureTls'
import { handshakeCertificates } from './certificates'
import { classifyNetError } from './classifyNetError'
import type { PageLostError } from './PageLostError'
import type { Settled } from './settlePage'

// Captures that end without a full read of a document: none came (DNS, TLS, refused, timed
// out), or the page crashed or stopped answering part-way. Both are recorded: a page that
// fails is evidence too.

/** No document came: DNS, TLS, refused, timed out. The HAR and, for TLS, the certificates. */
export async function recordFailure(s: Session, settled: Settled): Promise<PageCapture> {
  // Read before stopping: stopping turns a request still waiting into net::ERR_ABORTED.
  const errorText = settled === 'failed' ? s.nav.failure : undefined
  await s.transport.send('Page.stopLoading').catch(() => undefined)
  const outcome: CaptureOutcome = errorText === undefined ? 'timeout' : classifyNetError(errorText)
  const tls =
    outcome === 'tls-error'
      ? await captureTls(s.transport, s.nav.current?.url ?? s.facts.requestedUrl, undefined, {
          timeoutMs: HANDSHAKE_TIMEOUT_MS,
          handshake: s.deps.handshake ?? handshakeCertificates
        })
      : undefined
  const har = harOf(s, s.facts.requestedUrl)
  const payload: WebCapturePayload = {
    ...s.facts,
    outcome,
    // A timeout has no reason but the time allowed, which the payload holds (timeoutMs) and
    // each face says in its reader's language.
    ...(errorText !== undefined ? { reason: errorText } : {}),
    redirects: s.nav.redirects,
    ...(tls !== undefined ? { tls } : {}),
    endedAt: s.deps.clock.now().toISOString(),
    requestCount: har.log.entries.length,
    ...(s.nav.popups.length > 0 ? { popupsBlocked: s.nav.popups } : {})
  }
  return { payload, files: networkFiles(har, tls?.certificates ?? []) }
}

/**
 * The page crashed or stopped answering: a failed capture with everything gathered until
 * then (the files already read, the response, the redirects, the HAR).
 */
export function recordLost(s: Session, error: PageLostError): PageCapture {
  const { nav, gathered } = s
  const response = nav.current?.response
  const serverIp = response?.remoteIPAddress?.replace(/^\[|\]$/g, '') || undefined
  const title = gathered.title ?? ''
  const text = gathered.text ?? ''
  const har = harOf(s, title)
  const payload: WebCapturePayload = {
    ...s.facts,
    ...(nav.committedUrl !== undefined ? { finalUrl: nav.committedUrl } : {}),
    outcome: error.loss === 'unresponsive' ? 'page-unresponsive' : 'page-crashed',
    // The outcome says what happened; only a detached target's own words add to it.
    ...(error.loss === 'detached' ? { reason: error.message } : {}),
    redirects: nav.redirects,
    ...(response !== undefined ? responseFacts(response) : {}),
    ...(serverIp !== undefined ? { serverIp } : {}),
    ...(response?.remotePort !== undefined ? { serverPort: response.remotePort } : {}),
    ...(title !== '' ? { title } : {}),
    endedAt: s.deps.clock.now().toISOString(),
    ...(gathered.page !== undefined ? { page: gathered.page } : {}),
    requestCount: har.log.entries.length,
    ...(nav.popups.length > 0 ? { popupsBlocked: nav.popups } : {}),
    ...(s.navigationsBlocked.length > 0 ? { navigationsBlocked: s.navigationsBlocked } : {}),
    ...(gathered.warnings.length > 0 ? { warnings: gathered.warnings } : {}),
    ...(gathered.automationSignals !== undefined
      ? { automationSignals: gathered.automationSignals }
      : {}),
    ...(text.trim() !== '' ? { text: text.slice(0, PAYLOAD_TEXT_LIMIT) } : {})
  }
  return { payload, files: [...inFileOrder(gathered.files), ...networkFiles(har, [])] }
}
