import type { CdpTransport } from './CdpTransport'
import { call } from './cdpTypes'
import { imageSize } from '../media/sniffMedia'
import { stitchPngs } from './png'

/**
 * The tallest piece captured at once, in device pixels. With a GPU, Chromium cannot
 * composite a surface taller than its maximum texture size (16 384 on most hardware); the
 * software path has no such limit, but the engine must give the same picture under both.
 */
export const MAX_TILE_HEIGHT = 16384

/**
 * A PNG of the whole page, `width` × `height` CSS pixels from the top left, at device scale
 * 1. Pages taller than one tile are captured in horizontal strips and stitched, pixel for
 * pixel, into one PNG (stitchPngs: no pixel is decoded but each strip's first row).
 */
export async function fullPageScreenshot(
  transport: CdpTransport,
  width: number,
  height: number
): Promise<{ png: Uint8Array; tiles: number }> {
  const shoot = async (y: number, h: number) => {
    const { data } = await call(transport, 'Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      fromSurface: true,
      clip: { x: 0, y, width, height: h, scale: 1 }
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
