/** Base64 of bytes, standard alphabet with padding (what PEM and JSON fields hold). */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Decodes base64; throws on anything else. */
export function fromBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not base64')
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** One certificate as PEM, 64 characters a line, as openssl writes it. */
export function certificatePem(der: Uint8Array): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

/** The DER of every CERTIFICATE block in a PEM text, in order. */
export function certificatesFromPem(pem: string): Uint8Array[] {
  const blocks = pem.matchAll(
    /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g
  )
  return [...blocks].map((block) => fromBase64((block[1] ?? '').replace(/\s+/g, '')))
}
