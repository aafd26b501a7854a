import { crc32, deflateSync, inflateSync } from 'node:zlib'
import { imageSize } from './sniffMedia'

/** Decoded pixels: 8 bits per channel, rows top to bottom, no padding. */
export interface RawImage {
  width: number
  height: number
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA */
  channels: 1 | 2 | 3 | 4
  /** width × height × channels bytes */
  pixels: Uint8Array
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const CHANNELS_BY_COLOR_TYPE: Readonly<Record<number, RawImage['channels']>> = {
  0: 1,
  2: 3,
  4: 2,
  6: 4
}
const COLOR_TYPE_BY_CHANNELS: Readonly<Record<RawImage['channels'], number>> = {
  1: 0,
  2: 4,
  3: 2,
  4: 6
}

export class PngFormatError extends Error {
  constructor(reason: string) {
    super(`not a PNG this decoder reads: ${reason}`)
    this.name = 'PngFormatError'
  }
}

/**
 * Decodes a non-interlaced 8-bit greyscale, RGB or RGBA PNG: what Chromium's screenshots
 * are. Checks every chunk's CRC, so a damaged file is an error, never a wrong picture.
 */
export function decodePng(png: Uint8Array): RawImage {
  const { width, height, channels, filtered } = inflatePng(png)
  const stride = width * channels
  const pixels = new Uint8Array(height * stride)
  for (let y = 0; y < height; y++) {
    unfilterRow(filtered, y * (stride + 1), pixels, y * stride, stride, channels, y > 0)
  }
  return { width, height, channels, pixels }
}

/** A PNG's header and its inflated, still filtered scanlines (one filter byte per row). */
function inflatePng(png: Uint8Array): {
  width: number
  height: number
  channels: RawImage['channels']
  filtered: Buffer
} {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength)
  if (b.length < 8 || !b.subarray(0, 8).equals(SIGNATURE)) throw new PngFormatError('signature')
  let offset = 8
  let header: { width: number; height: number; channels: RawImage['channels'] } | undefined
  const idat: Buffer[] = []
  for (;;) {
    if (offset + 12 > b.length) throw new PngFormatError('truncated')
    const length = b.readUInt32BE(offset)
    const type = b.toString('latin1', offset + 4, offset + 8)
    const end = offset + 12 + length
    if (end > b.length) throw new PngFormatError('truncated')
    const data = b.subarray(offset + 8, offset + 8 + length)
    if (crc32(b.subarray(offset + 4, offset + 8 + length)) !== b.readUInt32BE(end - 4))
      throw new PngFormatError(`CRC of ${type}`)
    offset = end
    if (type === 'IHDR') {
      const channels = CHANNELS_BY_COLOR_TYPE[data[9] ?? -1]
      if (data[8] !== 8 || channels === undefined || data[12] !== 0)
        throw new PngFormatError('only 8-bit, non-interlaced grey, RGB and RGBA')
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), channels }
    } else if (type === 'IDAT') {
      idat.push(data)
    } else if (type === 'IEND') {
      break
    }
  }
  if (header === undefined) throw new PngFormatError('no IHDR')
  const filtered = inflateSync(Buffer.concat(idat))
  if (filtered.length !== header.height * (header.width * header.channels + 1))
    throw new PngFormatError('image data size')
  return { ...header, filtered }
}

/**
 * Stacks PNGs of the same width and pixel format top to bottom into one PNG, without
 * decoding them: their filtered scanlines are joined as they are, except the first row of
 * each later image, whose filter may refer to "the row above" — which was none in its own
 * file. That row is decoded and stored unfiltered. Only the joined data is deflated again.
 */
export function stitchPngs(pngs: readonly Uint8Array[]): Uint8Array {
  const parts = pngs.map(inflatePng)
  const first = parts[0]
  if (first === undefined) throw new Error('nothing to stitch')
  const { width, channels } = first
  if (parts.some((p) => p.width !== width || p.channels !== channels))
    throw new Error('the images differ in width or pixel format')
  const stride = width * channels
  const row = new Uint8Array(stride)
  for (const part of parts.slice(1)) {
    unfilterRow(part.filtered, 0, row, 0, stride, channels, false)
    part.filtered[0] = 0
    part.filtered.set(row, 1)
  }
  const height = parts.reduce((sum, p) => sum + p.height, 0)
  return assemble(width, height, channels, Buffer.concat(parts.map((p) => p.filtered)))
}

/**
 * Cuts a PNG into horizontal bands of at most `rows` rows each, top to bottom, without
 * holding its decoded pixels: each row is unfiltered into a two-row buffer only to learn the
 * first row of the next band, which is stored unfiltered (its filter may refer to the row
 * above, which is in the band before); every other row keeps its filtered bytes as they are.
 * The inverse of stitchPngs: stitched back, the bands give the original pixels.
 */
export function slicePng(png: Uint8Array, rows: number): Uint8Array[] {
  if (!Number.isInteger(rows) || rows < 1)
    throw new Error('rows per band must be a positive integer')
  const { width, height, channels, filtered } = inflatePng(png)
  const stride = width * channels
  // [previous row | this row], unfiltered
  const window = new Uint8Array(2 * stride)
  const bands: Uint8Array[] = []
  for (let top = 0; top < height; top += rows) {
    const bottom = Math.min(height, top + rows)
    const band = Buffer.from(filtered.subarray(top * (stride + 1), bottom * (stride + 1)))
    for (let y = top; y < bottom; y++) {
      unfilterRow(filtered, y * (stride + 1), window, stride, stride, channels, y > 0)
      if (y === top) {
        band[0] = 0
        band.set(window.subarray(stride), 1)
      }
      window.copyWithin(0, stride)
    }
    bands.push(assemble(width, bottom - top, channels, band))
  }
  return bands
}

/** Same size and every pixel equal; PNG bytes may differ between Chromium versions. */
export function samePixels(a: Uint8Array, b: Uint8Array): boolean {
  // Buffer.compare reads the views in place; Buffer.from(view) would copy a full-page
  // screenshot's pixels (hundreds of MB for a tall page) just to compare them.
  if (Buffer.compare(a, b) === 0) return true
  // Pictures of different sizes differ: no need to decode either.
  const sizeA = imageSize('image/png', a)
  const sizeB = imageSize('image/png', b)
  if (
    sizeA !== undefined &&
    sizeB !== undefined &&
    (sizeA.width !== sizeB.width || sizeA.height !== sizeB.height)
  )
    return false
  const left = decodePng(a)
  const right = decodePng(b)
  return (
    left.width === right.width &&
    left.height === right.height &&
    left.channels === right.channels &&
    Buffer.compare(left.pixels, right.pixels) === 0
  )
}

function unfilterRow(
  src: Uint8Array,
  at: number,
  out: Uint8Array,
  row: number,
  stride: number,
  bpp: number,
  hasPrevious: boolean
): void {
  const filter = src[at] ?? 0
  const prev = row - stride
  const s = at + 1
  switch (filter) {
    case 0:
      out.set(src.subarray(s, s + stride), row)
      return
    case 1:
      for (let i = 0; i < stride; i++)
        out[row + i] = ((src[s + i] ?? 0) + (i >= bpp ? (out[row + i - bpp] ?? 0) : 0)) & 0xff
      return
    case 2:
      for (let i = 0; i < stride; i++)
        out[row + i] = ((src[s + i] ?? 0) + (hasPrevious ? (out[prev + i] ?? 0) : 0)) & 0xff
      return
    case 3:
      for (let i = 0; i < stride; i++) {
        const left = i >= bpp ? (out[row + i - bpp] ?? 0) : 0
        const up = hasPrevious ? (out[prev + i] ?? 0) : 0
        out[row + i] = ((src[s + i] ?? 0) + ((left + up) >> 1)) & 0xff
      }
      return
    case 4:
      for (let i = 0; i < stride; i++) {
        const left = i >= bpp ? (out[row + i - bpp] ?? 0) : 0
        const up = hasPrevious ? (out[prev + i] ?? 0) : 0
        const upLeft = hasPrevious && i >= bpp ? (out[prev + i - bpp] ?? 0) : 0
        out[row + i] = ((src[s + i] ?? 0) + paeth(left, up, upLeft)) & 0xff
      }
      return
    default:
      throw new PngFormatError(`filter type ${filter}`)
  }
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  if (pa <= pb && pa <= pc) return a
  return pb <= pc ? b : c
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  out.set(data, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/**
 * Encodes pixels as a PNG. Every row uses the Up filter (screenshots repeat down the page
 * more than along it) and zlib level 6; speed matters more here than the last few percent.
 */
export function encodePng(image: RawImage): Uint8Array {
  const { width, height, channels, pixels } = image
  const stride = width * channels
  if (pixels.length !== height * stride) throw new Error('pixel buffer size')
  const filtered = Buffer.alloc(height * (stride + 1))
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1)
    const row = y * stride
    if (y === 0) {
      filtered[at] = 0
      filtered.set(pixels.subarray(0, stride), at + 1)
      continue
    }
    filtered[at] = 2
    for (let i = 0; i < stride; i++)
      filtered[at + 1 + i] = ((pixels[row + i] ?? 0) - (pixels[row - stride + i] ?? 0)) & 0xff
  }
  return assemble(width, height, channels, filtered)
}

function assemble(
  width: number,
  height: number,
  channels: RawImage['channels'],
  filtered: Uint8Array
): Uint8Array {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = COLOR_TYPE_BY_CHANNELS[channels]
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(filtered, { level: 6 })),
    chunk('IEND', new Uint8Array(0))
  ])
}
