// The shape tests the bundle's JSON files share (manifest.json, chain.jsonl, entry.json).
import { fromUtf8 } from '../encoding/bytes'

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A safe integer of at least `min`: a seq, a size, an index. */
export function isCount(value: unknown, min = 0): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min
}

/** UTF-8 text, or null when the bytes are absent or not UTF-8. */
export function utf8Text(bytes: Uint8Array | undefined): string | null {
  if (bytes === undefined) return null
  try {
    return fromUtf8(bytes)
  } catch {
    return null
  }
}
