import { crc32, deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { PngFormatError, decodePng, encodePng, samePixels, slicePng, stitchPngs } from './png'
import type { RawImage } from './png'

function noise(width: number, height: number, channels: RawImage['channels'], seed = 7): RawImage {
  const pixels = new Uint8Array(width * height * channels)
  let x = seed
  for (let i = 0; i < pixels.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    pixels[i] = (x >> 16) & 0xff
  }
  return { width, height, channels, pixels }
}

/** A PNG whose every row uses `filter` (0–4), written the long way, to test the decoder. */
function pngWithFilter(image: RawImage, filter: number): Uint8Array {
  const { width, height, channels: bpp, pixels } = image
  const stride = width * bpp
  const out = Buffer.alloc(height * (stride + 1))
  const at = (y: number, i: number) => (y < 0 || i < 0 ? 0 : (pixels[y * stride + i] ?? 0))
  for (let y = 0; y < height; y++) {
    out[y * (stride + 1)] = filter
    for (let i = 0; i < stride; i++) {
      const a = at(y, i - bpp)
      const b = at(y - 1, i)
      const c = at(y - 1, i - bpp)
      const p = a + b - c
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter] ?? 0
      out[y * (stride + 1) + 1 + i] = (at(y, i) - predictor) & 0xff
    }
  }
  const chunk = (type: string, data: Uint8Array) => {
    const c = Buffer.alloc(12 + data.length)
    c.writeUInt32BE(data.length, 0)
    c.write(type, 4, 'latin1')
    c.set(data, 8)
    c.writeUInt32BE(crc32(c.subarray(4, 8 + data.length)), 8 + data.length)
    return c
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = { 1: 0, 2: 4, 3: 2, 4: 6 }[bpp]
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(out)),
    chunk('IEND', new Uint8Array(0))
  ])
}

describe('PNG codec', () => {
  it('round-trips grey, grey+alpha, RGB and RGBA pixels exactly', () => {
    for (const channels of [1, 2, 3, 4] as const) {
      const image = noise(37, 23, channels)
      expect(decodePng(encodePng(image)), `${channels} channels`).toEqual(image)
    }
  })

  it('decodes every PNG row filter: none, sub, up, average and paeth', () => {
    const image = noise(19, 11, 3)
    for (const filter of [0, 1, 2, 3, 4])
      expect(decodePng(pngWithFilter(image, filter)), `filter ${filter}`).toEqual(image)
  })

  it('stitches strips into the image they were cut from, whatever filters the strips use', () => {
    const whole = noise(29, 30, 4)
    const strip = (from: number, to: number, filter: number) =>
      pngWithFilter(
        { ...whole, height: to - from, pixels: whole.pixels.subarray(from * 29 * 4, to * 29 * 4) },
        filter
      )
    const stitched = stitchPngs([strip(0, 10, 4), strip(10, 20, 2), strip(20, 30, 3)])
    expect(decodePng(stitched)).toEqual(whole)
  })

  it('cuts a PNG into bands that are its rows, whatever filter each row used', () => {
    const whole = noise(23, 50, 3)
    for (const filter of [0, 1, 2, 3, 4]) {
      const bands = slicePng(pngWithFilter(whole, filter), 16)
      expect(
        bands.map((band) => decodePng(band).height),
        `filter ${filter}`
      ).toEqual([16, 16, 16, 2])
      for (const [k, band] of bands.entries())
        expect(decodePng(band).pixels, `filter ${filter}, band ${k}`).toEqual(
          whole.pixels.subarray(k * 16 * 23 * 3, Math.min(50, (k + 1) * 16) * 23 * 3)
        )
      expect(decodePng(stitchPngs(bands))).toEqual(whole)
    }
    expect(slicePng(encodePng(whole), 50)).toHaveLength(1)
    expect(() => slicePng(encodePng(whole), 0)).toThrow(/positive/)
  })

  it('compares pictures by their pixels, not their bytes', () => {
    const image = noise(12, 9, 4)
    const plain = encodePng(image)
    const paeth = pngWithFilter(image, 4)
    expect(Buffer.compare(plain, paeth)).not.toBe(0)
    expect(samePixels(plain, paeth)).toBe(true)
    const changed = new Uint8Array(image.pixels)
    changed[100] = (changed[100] ?? 0) ^ 1
    expect(samePixels(plain, encodePng({ ...image, pixels: changed }))).toBe(false)
    expect(samePixels(plain, encodePng(noise(12, 10, 4)))).toBe(false)
  })

  it('refuses strips of different widths', () => {
    expect(() => stitchPngs([encodePng(noise(4, 4, 3)), encodePng(noise(5, 4, 3))])).toThrow(
      /width/
    )
  })

  it('refuses a damaged file instead of showing a wrong picture', () => {
    const png = Buffer.from(encodePng(noise(8, 8, 3)))
    png[40] = (png[40] ?? 0) ^ 1
    expect(() => decodePng(png)).toThrow(PngFormatError)
    expect(() => decodePng(png.subarray(0, 30))).toThrow(PngFormatError)
    expect(() => decodePng(new Uint8Array(16))).toThrow(/signature/)
  })
})
