import { createHash, randomFillSync } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testVault'
import { FilesHashedAhead } from './FilesHashedAhead'

const MiB = 1024 * 1024

let dir: Awaited<ReturnType<typeof tempDir>>
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(async () => {
  await dir.remove()
})

async function fileOf(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(dir.path, name)
  await writeFile(path, bytes)
  return path
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

describe('files hashed while the attach form is filled in', () => {
  it('gives each chosen file its SHA-256 and block checks once, then forgets it', async () => {
    const one = randomFillSync(new Uint8Array(9 * MiB + 3))
    const two = randomFillSync(new Uint8Array(100))
    const paths = [await fileOf('one.bin', one), await fileOf('two.bin', two)]
    const ahead = new FilesHashedAhead()
    await ahead.start(paths)
    const digests = ahead.take(paths)
    expect(digests.map((d) => d.path)).toEqual(paths)
    expect(digests.map((d) => hex(d.sha256))).toEqual(
      [one, two].map((b) => createHash('sha256').update(b).digest('hex'))
    )
    expect(digests.map((d) => d.size)).toEqual([one.length, two.length])
    expect(digests[0]?.blockCrcs).toHaveLength(3)
    // Taken once: saved, a file is hashed again if chosen again.
    expect(ahead.take(paths)).toEqual([])
  })

  it('gives nothing for a file still being hashed, and stops hashing it', async () => {
    const path = await fileOf('big.bin', randomFillSync(new Uint8Array(64 * MiB)))
    const ahead = new FilesHashedAhead()
    const hashing = ahead.start([path])
    // Saved before its hash is done: the save hashes it while sealing it.
    expect(ahead.take([path])).toEqual([])
    const stoppedAt = Date.now()
    await hashing
    // Stopped between blocks, not hashed to the end of 64 MiB (which takes ~40 ms here; a
    // generous bound, for a loaded machine).
    expect(Date.now() - stoppedAt).toBeLessThan(2000)
    expect(ahead.take([path])).toEqual([])
  })

  it('leaves a file it cannot read to the save, and forgets every digest when told', async () => {
    const present = await fileOf('present.bin', randomFillSync(new Uint8Array(1000)))
    const missing = join(dir.path, 'missing.bin')
    const ahead = new FilesHashedAhead()
    await expect(ahead.start([missing, present])).resolves.toBeUndefined()
    expect(ahead.forget()).toBe(2)
    expect(ahead.take([missing, present])).toEqual([])
  })

  it('stops hashing a file taken off the form, so the next one is hashed at once', async () => {
    const removed = await fileOf('removed.bin', randomFillSync(new Uint8Array(64 * MiB)))
    const kept = await fileOf('kept.bin', randomFillSync(new Uint8Array(1000)))
    const ahead = new FilesHashedAhead()
    const first = ahead.start([removed])
    const second = ahead.start([kept])
    expect(ahead.forget([removed])).toBe(1)
    await first
    await second
    expect(ahead.take([removed])).toEqual([])
    expect(ahead.take([kept]).map((d) => d.size)).toEqual([1000])
  })
})
