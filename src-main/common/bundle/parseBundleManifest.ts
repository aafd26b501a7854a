import { canonicalJson } from '../encoding/canonicalJson'
import { isHexOf } from '../encoding/hex'
import { BUNDLE_FORMAT, BUNDLE_VERSION } from './bundleLayout'
import type { BundleManifest } from './bundleLayout'
import { isCount, isObject } from './jsonShapes'

/** manifest.json, strictly: JCS, and every field of FORMATS in its type. */
export function parseBundleManifest(
  json: string
): { manifest: BundleManifest } | { error: string } {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    return { error: 'not JSON' }
  }
  if (canonicalJson(raw) !== json) return { error: 'not canonical JSON (JCS)' }
  if (!isObject(raw)) return { error: 'not an object' }
  if (raw.format !== BUNDLE_FORMAT || raw.version !== BUNDLE_VERSION)
    return { error: `not ${BUNDLE_FORMAT} version ${BUNDLE_VERSION}` }
  for (const field of [
    'bundleId',
    'created',
    'exporter',
    'recipient',
    'purpose',
    'locale',
    'vaultId'
  ])
    if (typeof raw[field] !== 'string') return { error: `${field} missing` }
  if (!isHexOf(raw.publicKey, 32)) return { error: 'publicKey' }
  const head = raw.head
  if (
    !isObject(head) ||
    !isCount(head.seq, 1) ||
    !isHexOf(head.chain, 32) ||
    !isHexOf(head.signature, 64)
  )
    return { error: 'head' }
  if (!Array.isArray(raw.entries)) return { error: 'entries' }
  for (const entry of raw.entries as unknown[]) {
    if (
      !isObject(entry) ||
      !isCount(entry.seq, 1) ||
      typeof entry.id !== 'string' ||
      typeof entry.kind !== 'string' ||
      !Array.isArray(entry.files)
    )
      return { error: 'an entry' }
    for (const file of entry.files as unknown[]) {
      if (
        !isObject(file) ||
        typeof file.path !== 'string' ||
        !isHexOf(file.sha256, 32) ||
        !isCount(file.size) ||
        (file.attachment !== undefined && !isCount(file.attachment))
      )
        return { error: `a file of entry ${entry.seq}` }
    }
  }
  const leftOut = raw.amendmentsLeftOut
  if (
    leftOut !== undefined &&
    (!Array.isArray(leftOut) ||
      !leftOut.every((a) => isObject(a) && isCount(a.seq, 1) && isCount(a.amendedBy, 1)))
  )
    return { error: 'amendmentsLeftOut' }
  return { manifest: raw as unknown as BundleManifest }
}
