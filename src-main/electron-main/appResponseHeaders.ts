/**
 * The Content-Security-Policy of every response of the app:// protocol. The UI is bundled:
 * it runs only its own scripts and styles, shows only its own images (and attachment previews
 * served from memory by the same protocol), and reaches no network at all, so injected markup
 * in untrusted evidence (a page title, an incident description) can neither run script nor
 * send the vault's contents anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

/**
 * Headers on every app:// response, the 404s included.
 * - no-store: nothing the protocol serves (attachment previews above all) enters a cache;
 * - nosniff: a preview is shown as the image type the entry records, never reinterpreted;
 * - same-origin resource policy: no other origin may embed what the app serves;
 * - no referrer leaves the app, and no permission-gated feature is available to the page.
 */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy':
      'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=(), display-capture=()'
  }
}
