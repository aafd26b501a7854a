import { describe, expect, it } from 'vitest'
import { classifyNetError } from './classifyNetError'

describe('classifyNetError', () => {
  it('sorts Chromium network errors into the outcomes a capture records', () => {
    expect(classifyNetError('net::ERR_NAME_NOT_RESOLVED')).toBe('dns-error')
    expect(classifyNetError('net::ERR_CERT_COMMON_NAME_INVALID')).toBe('tls-error')
    expect(classifyNetError('net::ERR_CERT_AUTHORITY_INVALID')).toBe('tls-error')
    expect(classifyNetError('net::ERR_SSL_PROTOCOL_ERROR')).toBe('tls-error')
    expect(classifyNetError('net::ERR_CONNECTION_REFUSED')).toBe('connection-error')
    expect(classifyNetError('net::ERR_CONNECTION_RESET')).toBe('connection-error')
    expect(classifyNetError('net::ERR_SOCKET_NOT_CONNECTED')).toBe('connection-error')
    expect(classifyNetError('net::ERR_TIMED_OUT')).toBe('timeout')
    expect(classifyNetError('net::ERR_BLOCKED_BY_ADMINISTRATOR')).toBe('load-error')
    expect(classifyNetError('Cannot navigate to invalid URL')).toBe('load-error')
  })
})
