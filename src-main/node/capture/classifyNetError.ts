import type { CaptureOutcome } from '../../common/entry/Entry'

const DNS = new Set([
  'net::ERR_NAME_NOT_RESOLVED',
  'net::ERR_NAME_RESOLUTION_FAILED',
  'net::ERR_DNS_TIMED_OUT',
  'net::ERR_DNS_MALFORMED_RESPONSE',
  'net::ERR_DNS_SERVER_FAILED',
  'net::ERR_ICANN_NAME_COLLISION'
])

const CONNECTION = new Set([
  'net::ERR_CONNECTION_REFUSED',
  'net::ERR_CONNECTION_RESET',
  'net::ERR_CONNECTION_CLOSED',
  'net::ERR_CONNECTION_ABORTED',
  'net::ERR_CONNECTION_FAILED',
  // A connection the server reset before Chromium's first write went through (a clean CI run
  // saw it for a server resetting every connection, under load): a reset, not a page fault.
  'net::ERR_SOCKET_NOT_CONNECTED',
  'net::ERR_ADDRESS_UNREACHABLE',
  'net::ERR_ADDRESS_INVALID',
  'net::ERR_INTERNET_DISCONNECTED',
  'net::ERR_NETWORK_CHANGED',
  'net::ERR_EMPTY_RESPONSE',
  'net::ERR_NETWORK_ACCESS_DENIED',
  'net::ERR_PROXY_CONNECTION_FAILED'
])

const TIMEOUT = new Set(['net::ERR_TIMED_OUT', 'net::ERR_CONNECTION_TIMED_OUT'])

/**
 * Which outcome a Chromium network error (net::ERR_…, from net_error_list.h) stands for.
 * Certificate and TLS errors are recognised by prefix, since Chromium adds new ones.
 */
export function classifyNetError(errorText: string): CaptureOutcome {
  if (DNS.has(errorText)) return 'dns-error'
  if (TIMEOUT.has(errorText)) return 'timeout'
  if (CONNECTION.has(errorText)) return 'connection-error'
  if (
    errorText.startsWith('net::ERR_CERT_') ||
    errorText.startsWith('net::ERR_SSL_') ||
    errorText.startsWith('net::ERR_TLS_') ||
    errorText === 'net::ERR_BAD_SSL_CLIENT_AUTH_CERT' ||
    errorText === 'net::ERR_ECH_FALLBACK_CERTIFICATE_INVALID'
  )
    return 'tls-error'
  return 'load-error'
}
