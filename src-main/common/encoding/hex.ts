/** Two lowercase hex digits for every byte value. */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).padStart(2, '0')
)

/** The value of each ASCII hex digit (either case), -1 for every other character code below 128. */
const DIGIT_VALUE: Int8Array = (() => {
  const values = new Int8Array(128).fill(-1)
  for (let d = 0; d < 10; d++) values[48 + d] = d
  for (let d = 0; d < 6; d++) {
    values[65 + d] = 10 + d
    values[97 + d] = 10 + d
  }
  return values
})()

/** Lowercase hex, the encoding of every hash and key in Dalel's JSON. */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += BYTE_HEX[byte] ?? ''
  return out
}

/** Parses lowercase or uppercase hex; throws on odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error('invalid hex')
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) {
    // A character code of 128 or more reads as undefined: not a digit.
    const high = DIGIT_VALUE[hex.charCodeAt(2 * i)] ?? -1
    const low = DIGIT_VALUE[hex.charCodeAt(2 * i + 1)] ?? -1
    if (high < 0 || low < 0) throw new Error('invalid hex')
    out[i] = high * 16 + low
  }
  return out
}

/** True when `text` is lowercase hex of exactly `bytes` bytes. */
export function isHexOf(text: unknown, bytes: number): text is string {
  return typeof text === 'string' && text.length === bytes * 2 && /^[0-9a-f]*$/.test(text)
}
