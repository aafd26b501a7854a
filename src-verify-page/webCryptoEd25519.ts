/** Checks Ed25519 signatures under one public key. */
export type Ed25519Verify = (signature: Uint8Array, message: Uint8Array) => Promise<boolean>

/**
 * Imports a raw Ed25519 public key into WebCrypto. Returns null when the browser has no
 * Ed25519 (Chromium before 137, Firefox before 129, Safari before 17): the page then says the
 * signatures could not be checked, which is not the same as saying they are bad.
 * @param publicKey 32 bytes raw
 */
export async function webCryptoEd25519(
  subtle: typeof globalThis.crypto.subtle,
  publicKey: Uint8Array
): Promise<Ed25519Verify | null> {
  let key: Awaited<ReturnType<typeof subtle.importKey>>
  try {
    key = await subtle.importKey('raw', new Uint8Array(publicKey), { name: 'Ed25519' }, false, [
      'verify'
    ])
  } catch (error) {
    // A key of the wrong length is a DataError; a browser without the algorithm throws
    // NotSupportedError. Only the second means "cannot check".
    if (error instanceof Error && error.name === 'DataError') return () => Promise.resolve(false)
    return null
  }
  return async (signature, message) => {
    if (signature.length !== 64) return false
    try {
      return await subtle.verify(
        { name: 'Ed25519' },
        key,
        new Uint8Array(signature),
        new Uint8Array(message)
      )
    } catch {
      return false
    }
  }
}
