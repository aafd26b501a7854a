// CRC-32 (IEEE 802.3, as zip uses it), table-driven, for any JS runtime: verify.html checks
// each file's CRC as well as its sizes, and both zip readers check the CRC in the Info-ZIP
// Unicode Path field (zipEntryName), so the page refuses exactly what `dalel verify-bundle` refuses.

const TABLE = new Int32Array(256)
for (let n = 0; n < 256; n++) {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  TABLE[n] = c
}

/**
 * Continues a CRC-32 over `data`; start with 0.
 * @returns the CRC as an unsigned 32-bit number
 */
export function crc32(data: Uint8Array, previous = 0): number {
  let crc = ~previous
  for (let i = 0; i < data.length; i++)
    crc = (TABLE[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8)
  return ~crc >>> 0
}
