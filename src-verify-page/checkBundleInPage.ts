import type { EvidenceCrypto } from '../src-main/common/crypto/EvidenceCrypto'
import { toHex } from '../src-main/common/encoding/hex'
import type { BundleCheck } from '../src-main/common/bundle/BundleCheck'
import { checkBundle } from '../src-main/common/bundle/checkBundle'
import type { PageScan } from './scanBundleFiles'
import { sha256 } from './Sha256'
import type { Ed25519Verify } from './webCryptoEd25519'

/** WebCrypto calls in flight at once: enough to keep it busy, few enough to stay responsive. */
const SIGNATURE_BATCH = 256

export interface PageCheck extends BundleCheck {
  /** false when the browser has no Ed25519: no signature was checked, none is reported bad */
  signaturesChecked: boolean
}

/**
 * Runs the CLI's own checkBundle in the page. checkBundle asks for signatures synchronously
 * and WebCrypto answers asynchronously, so it runs twice: the first pass only records which
 * (key, signature, message) it asks about; those are verified with WebCrypto; the second pass
 * is answered from that table, and anything it asks that is not in the table is false. The
 * checks are deterministic in the files, so both passes ask the same questions.
 */
export async function checkBundleInPage(
  scan: PageScan,
  ed25519: (publicKey: Uint8Array) => Promise<Ed25519Verify | null>
): Promise<PageCheck> {
  const questions = new Map<
    string,
    { publicKey: Uint8Array; signature: Uint8Array; message: Uint8Array }
  >()
  // Chain hashes are 32 bytes and made afresh by each pass, so they are keyed by value;
  // SHA256SUMS is large and is the same buffer in both passes, so it is keyed by identity.
  const ids = new WeakMap<Uint8Array, number>()
  let nextId = 0
  const messageKey = (message: Uint8Array) => {
    if (message.length <= 64) return toHex(message)
    let id = ids.get(message)
    if (id === undefined) ids.set(message, (id = nextId++))
    return `#${id}`
  }
  const keyOf = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) =>
    `${toHex(publicKey)}:${toHex(signature)}:${messageKey(message)}`
  const recording: EvidenceCrypto = {
    sha256,
    verify: (signature, message, publicKey) => {
      questions.set(keyOf(signature, message, publicKey), { publicKey, signature, message })
      return true
    }
  }
  const first = checkBundle(scan.files, scan.refused, recording)

  const verifiers = new Map<string, Ed25519Verify | null>()
  for (const q of questions.values()) {
    const keyHex = toHex(q.publicKey)
    if (!verifiers.has(keyHex)) verifiers.set(keyHex, await ed25519(q.publicKey))
  }
  const supported = [...verifiers.values()].every((v) => v !== null)
  const answers = new Map<string, boolean>()
  const pending = [...questions]
  for (let i = 0; supported && i < pending.length; i += SIGNATURE_BATCH) {
    const batch = pending.slice(i, i + SIGNATURE_BATCH)
    const results = await Promise.all(
      batch.map(([, q]) => {
        const verify = verifiers.get(toHex(q.publicKey))
        return verify === undefined || verify === null
          ? Promise.resolve(false)
          : verify(q.signature, q.message)
      })
    )
    batch.forEach(([key], n) => answers.set(key, results[n] === true))
  }
  // Without Ed25519 the first pass stands (every signature taken as good) and the page says,
  // prominently, that signatures were not checked; it never reports a bundle as verified.
  if (!supported) return { ...first, signaturesChecked: false }
  const answering: EvidenceCrypto = {
    sha256,
    verify: (signature, message, publicKey) =>
      answers.get(keyOf(signature, message, publicKey)) ?? false
  }
  return { ...checkBundle(scan.files, scan.refused, answering), signaturesChecked: true }
}
