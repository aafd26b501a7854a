import type { CdpTransport } from '../ports/CdpTransport'
import { call } from './cdpTypes'
import { imageSize } from '../media/sniffMedia'
import { stitchPngs } from '../media/png'

/**
 * The tallest piece captured at once, in device pixels. With a GPU, Chromium cannot
 * composite a surface taller than its maximum texture size (16 384 on most hardware); the
 * software path has no such limit, but the engine must give the same picture under both.
 */
export const MAX_TILE_HEIGHT = 16384

/**
 * Chromium's fast PNG encoder (zlib's fastest level, every row Up-filtered) instead of its
 * default (the default level, a filter chosen per row). Still lossless: the pixels decode
 * identically. Encoding is most of a full-page shot's time, and the default's took 1.6–4× as
 * long: 670–1130 against 290 ms for an article with photos (5.7 against 6.5 MB), 160 against
 * 100 ms for the benchmark's flat fixture (423 against 595 KB).
 */
export const FAST_PNG = { optimizeForSpeed: true } as const

/**
 * A PNG of the whole page, `width` × `height` CSS pixels from the top left, at device scale
 * 1. Pages taller than one tile are captured in horizontal strips and stitched, pixel for
 * pixel, into one PNG (stitchPngs: no pixel is decoded but each strip's first row).
 *
 * To draw beyond the viewport Chromium resizes the page's view around each shot and back,
 * and the page receives resize events meanwhile (Chromium 150–156): capturePage stops the
 * page's scripts before (so no handler runs), and a page that fits the viewport is shot
 * with `beyondViewport` false, which resizes nothing.
 */
export async function fullPageScreenshot(
  transport: CdpTransport,
  width: number,
  height: number,
  options: { beyondViewport: boolean } = { beyondViewport: true }
): Promise<{ png: Uint8Array; tiles: number }> {
  const shoot = async (y: number, h: number) => {
    const { data } = await call(transport, 'Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: options.beyondViewport,
      fromSurface: true,
      clip: { x: 0, y, width, height: h, scale: 1 },
      ...FAST_PNG
    })
    return Buffer.from(data, 'base64')
  }
  if (height <= MAX_TILE_HEIGHT) return { png: await shoot(0, height), tiles: 1 }
  const tiles: Uint8Array[] = []
  for (let y = 0; y < height; y += MAX_TILE_HEIGHT) {
    const h = Math.min(MAX_TILE_HEIGHT, height - y)
    const tile = await shoot(y, h)
    const size = imageSize('image/png', tile)
    if (size?.width !== width || size.height !== h)
      throw new Error(`the screenshot tile at y=${y} is not ${width}×${h}`)
    tiles.push(tile)
  }
  return { png: stitchPngs(tiles), tiles: tiles.length }
}
