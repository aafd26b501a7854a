// The little-endian integers of a zip's records (APPNOTE 6.3 §4.4), one Buffer each: the
// bundle writer and the tests' raw-zip tools build their headers from the same three.

/** @param value 0 … 0xffff */
export function u16(value: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(value)
  return b
}

/** @param value 0 … 0xffffffff (taken modulo 2^32, so a CRC from crc32 fits as it is) */
export function u32(value: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(value >>> 0)
  return b
}

/** @param value 0 … Number.MAX_SAFE_INTEGER (a zip64 size or offset) */
export function u64(value: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(value))
  return b
}
