/** Whether byte `c` continues a number token (digits, sign, point, exponent). */
function inNumber(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d
  )
}

/** Escapes JSON.stringify writes (and so JCS): \" \\ \b \f \n \r \t. */
function isShortEscape(c: number | undefined): boolean {
  return (
    c === 0x22 || c === 0x5c || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74
  )
}

function isLowerHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))
}

/** Whether the bytes at `at` are \u00XX for a control character JCS writes that way. */
function isControlEscape(bytes: Uint8Array, at: number): boolean {
  if (bytes[at + 2] !== 0x30 || bytes[at + 3] !== 0x30) return false
  const high = bytes[at + 4]
  const low = bytes[at + 5]
  if ((high !== 0x30 && high !== 0x31) || !isLowerHexDigit(low) || low === undefined) return false
  const code = (high - 0x30) * 16 + (low <= 0x39 ? low - 0x30 : low - 0x61 + 10)
  // \b \t \n \f \r have short escapes.
  return code !== 0x08 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d
}

/** -1, 0 or 1 as bytes[a..a+n) sorts before, with or after bytes[b..b+m). */
function compareBytes(bytes: Uint8Array, a: number, n: number, b: number, m: number): number {
  for (let i = 0; i < Math.min(n, m); i++) {
    const x = bytes[a + i] ?? 0
    const y = bytes[b + i] ?? 0
    if (x !== y) return x < y ? -1 : 1
  }
  return n === m ? 0 : n < m ? -1 : 1
}

const LITERALS = [
  [0x74, 0x72, 0x75, 0x65],
  [0x66, 0x61, 0x6c, 0x73, 0x65],
  [0x6e, 0x75, 0x6c, 0x6c]
]

/** The length of the literal (true, false, null) at `at`, or 0. */
function literalAt(bytes: Uint8Array, at: number): number {
  for (const literal of LITERALS)
    if (literal.every((c, k) => bytes[at + k] === c)) return literal.length
  return 0
}

/**
 * Whether the UTF-8 `bytes` of a JSON text, which JSON.parse accepts, are exactly in RFC 8785
 * (JCS) form: no whitespace between tokens, strings escaped only as JCS escapes them, numbers
 * as ECMAScript prints them, and every object's keys in strictly increasing order (so none
 * twice). One pass over the bytes, without decoding, building or printing anything —
 * verification asks this of every entry. Inside strings it jumps from quote to quote: the
 * bytes of a multi-byte character are all 0x80 or above, so they never look like one.
 *
 * `false` means "not canonical, or not sure": a key with an escape or a character beyond
 * ASCII (whose place in UTF-16 order this pass does not work out) answers false, and the
 * caller compares with canonicalJson instead.
 */
export function isPlainCanonicalJson(bytes: Uint8Array): boolean {
  /** per open container: -1 for an array, -2 for an object before its first key, else where its last key starts */
  const lastKeys: number[] = []
  const lastKeyLengths: number[] = []
  const n = bytes.length
  let backslash = bytes.indexOf(0x5c)
  let i = 0
  while (i < n) {
    const c = bytes[i] ?? 0
    if (c === 0x22) {
      const start = i + 1
      i = start
      for (;;) {
        const quote = bytes.indexOf(0x22, i)
        if (quote < 0) return false
        if (backslash >= 0 && backslash < i) backslash = bytes.indexOf(0x5c, i)
        if (backslash < 0 || backslash > quote) {
          i = quote
          break
        }
        const e = bytes[backslash + 1]
        if (isShortEscape(e)) i = backslash + 2
        else if (e === 0x75 && isControlEscape(bytes, backslash)) i = backslash + 6
        else return false
        backslash = bytes.indexOf(0x5c, i)
      }
      const end = i
      i++
      const top = lastKeys.length - 1
      const last = lastKeys[top]
      if (bytes[i] === 0x3a && last !== undefined && last !== -1) {
        for (let k = start; k < end; k++) {
          const b = bytes[k] ?? 0
          if (b === 0x5c || b >= 0x80) return false
        }
        if (
          last >= 0 &&
          compareBytes(bytes, last, lastKeyLengths[top] ?? 0, start, end - start) >= 0
        )
          return false
        lastKeys[top] = start
        lastKeyLengths[top] = end - start
      }
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1
      while (j < n && inNumber(bytes[j] ?? 0)) j++
      // ECMAScript's Number-to-String of the value gives back the token (and "-0" is "0").
      // Built a character at a time: making a subarray to spread was over a third of the
      // whole pass over a 1 KB entry (0.8 → 0.5 µs per entry).
      let token = ''
      for (let k = i; k < j; k++) token += String.fromCharCode(bytes[k] ?? 0)
      if (String(Number(token)) !== token) return false
      i = j
    } else if (c === 0x7b || c === 0x5b) {
      lastKeys.push(c === 0x7b ? -2 : -1)
      lastKeyLengths.push(0)
      i++
    } else if (c === 0x7d || c === 0x5d) {
      lastKeys.pop()
      lastKeyLengths.pop()
      i++
    } else if (c === 0x3a || c === 0x2c) i++
    else {
      // A literal, else whitespace or anything JCS does not write.
      const length = literalAt(bytes, i)
      if (length === 0) return false
      i += length
    }
  }
  return true
}
