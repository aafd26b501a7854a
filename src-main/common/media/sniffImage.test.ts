import { describe, expect, it } from 'vitest'
import { isImageType, sniffContentType, sniffImage } from './sniffImage'

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'string' ? Array.from(part, (c) => c.charCodeAt(0)) : part
    )
  )

describe('sniffImage', () => {
  it('names PNG, JPEG, GIF and WebP by their signatures', () => {
    expect(sniffImage(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png')
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImage(bytes('GIF89a'))).toBe('image/gif')
    expect(sniffImage(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp')
  })

  it('names nothing for SVG, a cut-off signature, a RIFF that is not WebP, or no bytes', () => {
    expect(sniffImage(bytes('<svg onload=alert(1)>'))).toBeNull()
    expect(sniffImage(bytes([0x89], 'PNG'))).toBeNull()
    expect(sniffImage(bytes('RIFF', [1, 2, 3, 4], 'WAVE'))).toBeNull()
    expect(sniffImage(new Uint8Array())).toBeNull()
  })

  it('adds PDF for attach, and lets only raster images be shown', () => {
    expect(sniffContentType(bytes('%PDF-1.7'))).toBe('application/pdf')
    expect(sniffImage(bytes('%PDF-1.7'))).toBeNull()
    expect(isImageType('image/JPEG')).toBe(true)
    expect(isImageType('image/svg+xml')).toBe(false)
  })
})
