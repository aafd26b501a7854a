import { extname } from 'node:path'
import { sniffContentType } from '../../common/media/sniffImage'

const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.zip': 'application/zip',
  '.mhtml': 'multipart/related',
  '.har': 'application/json',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.doc': 'application/msword'
}

/**
 * The media type of a file, from its first bytes where they are unambiguous and its
 * extension otherwise. Content wins: a photo renamed to .txt is still image/jpeg.
 * @param head the file's first bytes (32 is enough)
 */
export function sniffMediaType(name: string, head: Uint8Array): string {
  return (
    sniffContentType(head) ??
    BY_EXTENSION[extname(name).toLowerCase()] ??
    'application/octet-stream'
  )
}

/**
 * Width and height of a PNG, JPEG, GIF or WebP from its header, without decoding pixels.
 * @param head at least the first 64 KiB for JPEG, whose size marker can come late
 */
export function imageSize(
  mediaType: string,
  head: Uint8Array
): { width: number; height: number } | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength)
  switch (mediaType) {
    case 'image/png':
      return b.length >= 24 ? { width: b.readUInt32BE(16), height: b.readUInt32BE(20) } : undefined
    case 'image/gif':
      return b.length >= 10 ? { width: b.readUInt16LE(6), height: b.readUInt16LE(8) } : undefined
    case 'image/webp':
      return webpSize(b)
    case 'image/jpeg':
      return jpegSize(b)
    default:
      return undefined
  }
}

function webpSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length < 30) return undefined
  const chunk = b.subarray(12, 16).toString('latin1')
  if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) }
  if (chunk === 'VP8 ')
    return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff }
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21)
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) }
  }
  return undefined
}

function jpegSize(b: Buffer): { width: number; height: number } | undefined {
  let offset = 2
  while (offset + 9 < b.length) {
    if (b[offset] !== 0xff) return undefined
    const marker = b[offset + 1] ?? 0
    const length = b.readUInt16BE(offset + 2)
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: b.readUInt16BE(offset + 5), width: b.readUInt16BE(offset + 7) }
    }
    offset += 2 + length
  }
  return undefined
}
