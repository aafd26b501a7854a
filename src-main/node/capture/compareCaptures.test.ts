import { describe, expect, it } from 'vitest'
import { compareCaptures, samePixels } from './compareCaptures'
import { encodePng, stitchPngs } from './png'
import type { RawImage } from './png'

const ref = { seq: 4, id: '0190a8b2-0000-7000-8000-000000000004' }
const image = (value: number): RawImage => ({
  width: 2,
  height: 2,
  channels: 3,
  pixels: new Uint8Array(12).fill(value)
})

describe('compareCaptures', () => {
  it('finds a page unchanged when only its whitespace moved', () => {
    const shot = encodePng(image(9))
    expect(
      compareCaptures(
        { ref, outcome: 'captured', text: 'Аккаунт  журналиста\n120', screenshot: shot },
        { outcome: 'captured', text: 'Аккаунт журналиста 120', screenshot: shot }
      )
    ).toEqual({
      of: ref,
      outcome: 'unchanged',
      previousOutcome: 'captured',
      textChanged: false,
      screenshotChanged: false
    })
  })

  it('finds it changed when the text or a single pixel differs', () => {
    expect(
      compareCaptures(
        { ref, outcome: 'captured', text: 'a', screenshot: encodePng(image(9)) },
        { outcome: 'captured', text: 'a', screenshot: encodePng(image(8)) }
      )
    ).toMatchObject({ outcome: 'changed', textChanged: false, screenshotChanged: true })
    expect(
      compareCaptures({ ref, outcome: 'captured', text: 'a' }, { outcome: 'captured', text: 'b' })
    ).toMatchObject({ outcome: 'changed', textChanged: true })
  })

  it('finds it gone when the new capture failed, and changed when a gone page is back', () => {
    expect(
      compareCaptures({ ref, outcome: 'captured', text: 'a' }, { outcome: 'http-error' })
    ).toEqual({ of: ref, outcome: 'gone', previousOutcome: 'captured' })
    expect(
      compareCaptures({ ref, outcome: 'dns-error' }, { outcome: 'captured', text: 'a' })
    ).toMatchObject({ outcome: 'changed', previousOutcome: 'dns-error' })
  })

  it('compares screenshots by pixels, not by how they were compressed', () => {
    const whole: RawImage = { width: 3, height: 4, channels: 3, pixels: new Uint8Array(36) }
    whole.pixels.forEach((_, i) => (whole.pixels[i] = (i * 37) % 256))
    const half = (from: number): RawImage => ({
      ...whole,
      height: 2,
      pixels: whole.pixels.subarray(from * 9, from * 9 + 18)
    })
    const direct = encodePng(whole)
    const stitched = stitchPngs([encodePng(half(0)), encodePng(half(2))])
    expect(Buffer.from(direct).equals(Buffer.from(stitched))).toBe(false)
    expect(samePixels(direct, stitched)).toBe(true)
    expect(samePixels(direct, encodePng(image(201)))).toBe(false)
  })
})
