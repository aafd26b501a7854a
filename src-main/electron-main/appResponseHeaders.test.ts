import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, appResponseHeaders } from './appResponseHeaders'

/** The policy as a map of directive → sources, so each is checked on its own. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name === undefined || name === '') continue
    expect(map.has(name), `directive ${name} given twice`).toBe(false)
    map.set(name, sources)
  }
  return map
}

describe('CONTENT_SECURITY_POLICY', () => {
  const csp = directives(CONTENT_SECURITY_POLICY)

  it('has exactly the directives of the issue, each with exactly its sources', () => {
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'"],
      'connect-src': ["'none'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"]
    })
  })

  it('allows no inline or evaluated script and no remote origin anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*|wss?:/)
  })
})

describe('appResponseHeaders', () => {
  it('puts the CSP, no-store and nosniff on every response', () => {
    const headers = appResponseHeaders('image/png')
    expect(headers['Content-Type']).toBe('image/png')
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(headers['Cache-Control']).toBe('no-store')
    expect(headers['X-Content-Type-Options']).toBe('nosniff')
    expect(headers['Cross-Origin-Resource-Policy']).toBe('same-origin')
    expect(headers['Referrer-Policy']).toBe('no-referrer')
  })
})
