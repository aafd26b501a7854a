import { describe, expect, it } from 'vitest'
import type { CaptureOutcome } from '../../common/entry/Entry'
import { compareCaptures } from './compareCaptures'
import type { EarlierCapture } from './compareCaptures'
import { encodePng, samePixels, stitchPngs } from '../media/png'
import type { RawImage } from '../media/png'

const ref = { seq: 4, id: '0190a8b2-0000-7000-8000-000000000004' }
const image = (value: number): RawImage => ({
  width: 2,
  height: 2,
  channels: 3,
  pixels: new Uint8Array(12).fill(value)
})

/** An earlier capture that counts how often its screenshot was read. */
function earlier(
  seq: number,
  outcome: CaptureOutcome,
  text: string | undefined,
  screenshot: Uint8Array | undefined
): EarlierCapture & { screenshotReads: () => number } {
  let reads = 0
  return {
    ref: { seq, id: `0190a8b2-0000-7000-8000-00000000000${seq}` },
    outcome,
    text: async () => Promise.resolve(text),
    screenshot: async () => {
      reads += 1
      return Promise.resolve(screenshot)
    },
    screenshotReads: () => reads
  }
}

describe('compareCaptures', () => {
  it('finds a page unchanged when only its whitespace moved', async () => {
    const shot = encodePng(image(9))
    expect(
      await compareCaptures(
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

  it('finds it changed when the text or a single pixel differs', async () => {
    expect(
      await compareCaptures(
        { ref, outcome: 'captured', text: 'a', screenshot: encodePng(image(9)) },
        { outcome: 'captured', text: 'a', screenshot: encodePng(image(8)) }
      )
    ).toMatchObject({ outcome: 'changed', textChanged: false, screenshotChanged: true })
    expect(
      await compareCaptures(
        { ref, outcome: 'captured', text: 'a' },
        { outcome: 'captured', text: 'b' }
      )
    ).toMatchObject({ outcome: 'changed', textChanged: true })
  })

  it('calls a failed server or network unavailable, not gone', async () => {
    const previous = { ref, outcome: 'captured' as const, text: 'a' }
    const failures: [CaptureOutcome, number | undefined][] = [
      ['http-error', 503],
      ['http-error', 500],
      ['http-error', 429],
      ['timeout', undefined],
      ['connection-error', undefined],
      ['dns-error', undefined],
      ['tls-error', undefined]
    ]
    for (const [outcome, status] of failures) {
      const next = { outcome, ...(status !== undefined ? { status } : {}) }
      expect(await compareCaptures(previous, next), `${outcome} ${status ?? ''}`).toEqual({
        of: ref,
        outcome: 'unavailable',
        previousOutcome: 'captured'
      })
    }
  })

  it('calls 404, 410, 451 and a forbidden page in place of the content gone', async () => {
    for (const status of [404, 410, 451, 403]) {
      expect(
        await compareCaptures(
          { ref, outcome: 'captured', text: 'a' },
          { outcome: 'http-error', status, text: 'Not found' }
        ),
        String(status)
      ).toEqual({ of: ref, outcome: 'gone', previousOutcome: 'captured' })
    }
  })

  it('finds a page restored when it matches an earlier capture after a different one, and names it', async () => {
    const original = encodePng(image(9))
    const emptied = encodePng(image(255))
    const candidates = [
      earlier(3, 'captured', 'другой текст', encodePng(image(7))),
      earlier(2, 'http-error', 'Аккаунт журналиста', original),
      earlier(1, 'captured', 'Аккаунт   журналиста', original)
    ]
    const result = await compareCaptures(
      { ref, outcome: 'captured', text: 'Публикаций нет', screenshot: emptied },
      { outcome: 'captured', text: 'Аккаунт журналиста', screenshot: original },
      candidates
    )
    expect(result).toEqual({
      of: ref,
      outcome: 'restored',
      previousOutcome: 'captured',
      textChanged: true,
      screenshotChanged: true,
      restoredFrom: candidates[2]?.ref
    })
    // The candidate whose text differs was never decoded; the failed one was never read.
    expect(candidates.map((c) => c.screenshotReads())).toEqual([0, 0, 1])
  })

  it('finds a page restored after it was gone or unavailable, and changed when it matches nothing earlier', async () => {
    const shot = encodePng(image(9))
    const first = earlier(1, 'captured', 'Статья', shot)
    const gone = { ref, outcome: 'http-error' as const, status: 410 }
    expect(
      await compareCaptures(gone, { outcome: 'captured', text: 'Статья', screenshot: shot }, [
        first
      ])
    ).toEqual({
      of: ref,
      outcome: 'restored',
      previousOutcome: 'http-error',
      restoredFrom: first.ref
    })
    expect(
      await compareCaptures(
        { ref, outcome: 'dns-error' },
        { outcome: 'captured', text: 'Новая статья', screenshot: shot },
        [first]
      )
    ).toEqual({ of: ref, outcome: 'changed', previousOutcome: 'dns-error' })
    // Same text but a different picture is not the same page.
    expect(
      await compareCaptures(
        gone,
        { outcome: 'captured', text: 'Статья', screenshot: encodePng(image(1)) },
        [first]
      )
    ).toMatchObject({ outcome: 'changed' })
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
