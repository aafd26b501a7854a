import { canonicalJson } from './canonicalJson'

/** Whether every object in `value` lists its keys in JCS order (UTF-16 code units). */
function keysInOrder(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (Array.isArray(value)) return value.every(keysInOrder)
  const record = value as Record<string, unknown>
  let previous: string | undefined
  for (const key of Object.keys(record)) {
    if (previous !== undefined && !(previous < key)) return false
    if (!keysInOrder(record[key])) return false
    previous = key
  }
  return true
}

/**
 * Whether `text` is exactly canonicalJson(value), for `value` parsed from `text`.
 * Verification asks this of every entry. JSON.stringify writes what canonicalJson writes
 * (same escaping, same numbers) except for the order of keys, and keeps the order it is
 * given, which JSON.parse took from the text: so when it reproduces the text and every
 * object's keys are in order, the text is canonical — in native code, at about two thirds of
 * the cost. Objects with integer-like keys (which JavaScript reorders) take the full path.
 */
export function matchesCanonicalJson(text: string, value: unknown): boolean {
  if (JSON.stringify(value) === text && keysInOrder(value)) return true
  return canonicalJson(value) === text
}
