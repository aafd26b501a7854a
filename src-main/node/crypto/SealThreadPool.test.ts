import { createHash, randomFillSync } from 'node:crypto'
import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DalelError } from '../../common/errors/DalelError'
import { tempDir } from '../testing/testVault'
import { digestFile } from '../vault/fileDigest'
import { sealFileInto } from '../vault/sealFileInto'
import { readSealedFile } from '../vault/sealedFile'
import { loadSodium } from './loadSodium'
import { SealThreadPool } from './SealThreadPool'
import { SealThreads } from './SealThreads'
import { StreamPurpose, chunkAead } from './streamCipher'
import type { FileDigest } from '../vault/fileDigest'

/*
 * The app keeps one set of hashing and sealing threads between large attachments (issue 12
 * item 16): each file must come out as if its threads were new — its own SHA-256, its own
 * key — and a file that fails part way must not hand its threads to the next.
 */
const MiB = 1024 * 1024
const key = new Uint8Array(32).fill(7)

let dir: Awaited<ReturnType<typeof tempDir>>
let pool: SealThreadPool
beforeEach(async () => {
  dir = await tempDir()
  pool = new SealThreadPool()
})
afterEach(async () => {
  await pool.drop()
  await dir.remove()
})

/**
 * Seals `plain` (written to a file first) through the pool (this test's unless `through`);
 * gives the result and the sealed file.
 */
async function sealThroughPool(
  name: string,
  plain: Uint8Array,
  expected?: (source: string) => Promise<FileDigest>,
  through: SealThreadPool = pool
): Promise<{ sha256: Uint8Array; sealed: string }> {
  const sodium = await loadSodium()
  const source = join(dir.path, `${name}.bin`)
  await writeFile(source, plain)
  const sealed = join(dir.path, `${name}.sealed`)
  const handle = await open(sealed, 'w')
  try {
    const digest = expected === undefined ? undefined : await expected(source)
    const { sha256 } = await sealFileInto(
      sodium,
      source,
      handle,
      sealed,
      key,
      StreamPurpose.blob,
      undefined,
      digest,
      through
    )
    return { sha256, sealed }
  } finally {
    await handle.close()
  }
}

async function opensTo(sealed: string, plain: Uint8Array): Promise<boolean> {
  const { plaintext } = await readSealedFile(await loadSodium(), sealed, key, StreamPurpose.blob)
  return Buffer.from(plaintext).equals(plain)
}

/** Seals `plain` against a digest whose CRC-32 of block `block` is off: refused, file-changed. */
async function expectRefusedWithBlockOff(
  name: string,
  plain: Uint8Array,
  block: number
): Promise<void> {
  await expect(
    sealThroughPool(name, plain, async (source) => {
      const digest = await digestFile(source)
      digest.blockCrcs[block] = (digest.blockCrcs[block] ?? 0) ^ 1
      return digest
    })
  ).rejects.toSatisfy((error) => error instanceof DalelError && error.code === 'file-changed')
}

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe('SealThreadPool', () => {
  it('seals file after file on the same threads, each with its own hash', async () => {
    const first = randomFillSync(new Uint8Array(33 * MiB + 1))
    const second = randomFillSync(new Uint8Array(36 * MiB + 70_000))
    const one = await sealThroughPool('one', first)
    // The set the first file used waits for the next one.
    expect(pool.warmed).toBe(true)
    const waiting = pool.take()
    await pool.giveBack(waiting)
    const two = await sealThroughPool('two', second)
    // A hash that went on from the first file's state would give another digest here.
    expect(Buffer.from(one.sha256).toString('hex')).toBe(sha256Of(first))
    expect(Buffer.from(two.sha256).toString('hex')).toBe(sha256Of(second))
    expect(await opensTo(one.sealed, first)).toBe(true)
    expect(await opensTo(two.sealed, second)).toBe(true)
    const last = pool.take()
    await pool.giveBack(last)
    expect(last).toBe(waiting)
  })

  it('ends the threads of a file refused part way, and seals the next one on new threads', async () => {
    const plain = randomFillSync(new Uint8Array(34 * MiB))
    await sealThroughPool('warm', plain)
    const used = pool.take()
    await pool.giveBack(used)
    // A digest whose third block check is off: sealing stops there, with threads at work.
    await expectRefusedWithBlockOff('changed', plain, 2)
    expect(pool.warmed).toBe(false)
    expect(used.usable).toBe(false)
    const again = await sealThroughPool('again', plain)
    expect(Buffer.from(again.sha256).toString('hex')).toBe(sha256Of(plain))
    expect(await opensTo(again.sealed, plain)).toBe(true)
  })

  it('seals a file of whole blocks checked against its digest on the threads', async () => {
    // 32 MiB: the smallest file sealed on the threads, eight full blocks, the last of them
    // found last only when the read after it comes back empty.
    const plain = randomFillSync(new Uint8Array(32 * MiB))
    const checked = await sealThroughPool('whole', plain, digestFile)
    expect(Buffer.from(checked.sha256).toString('hex')).toBe(sha256Of(plain))
    expect(await opensTo(checked.sealed, plain)).toBe(true)
    // The last block's check is taken on its thread, too.
    await expectRefusedWithBlockOff('whole-changed', plain, 7)
  })

  it('leaves no key on a sealing thread between files', async ({ skip }) => {
    skip(chunkAead.name !== 'node', 'no sealing threads where Node lacks ChaCha20-Poly1305')
    await sealThroughPool('keyed', randomFillSync(new Uint8Array(33 * MiB)))
    const set = pool.take()
    const sealer = set.sealers?.[0]
    if (sealer === undefined) throw new Error('no sealing thread')
    const plain = new SharedArrayBuffer(64 * 1024)
    const out = new SharedArrayBuffer(64 * 1024 + 16)
    // The key went with the file: a chunk sent now has none to be sealed with.
    await expect(
      sealer.seal({
        plain,
        plainLength: 1024,
        out,
        base: 0,
        counter: 0,
        last: true
      })
    ).rejects.toThrow()
    await set.dispose()
  })

  it('starts a set a moment after warm, and ends it at drop', async () => {
    pool.warm()
    expect(pool.warmed).toBe(false)
    const deadline = Date.now() + 10_000
    while (!pool.warmed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(pool.warmed).toBe(true)
    const set = pool.take()
    await pool.giveBack(set)
    await pool.drop()
    expect(pool.warmed).toBe(false)
    expect(set.usable).toBe(false)
  })

  it('gives a set with the threads asked for', async () => {
    const set = SealThreads.start({ hasher: false, sealers: true })
    expect(set.hasher).toBeNull()
    expect(set.sealers?.length ?? 0).toBe(chunkAead.name === 'node' ? 2 : 0)
    await set.dispose()
  })

  it("seals on libsodium's threads where Node has no ChaCha20-Poly1305 (Electron)", async () => {
    const electronLike = new SealThreadPool('libsodium')
    try {
      const plain = randomFillSync(new Uint8Array(33 * MiB + 5))
      const { sealed } = await sealThroughPool('electron', plain, undefined, electronLike)
      expect(await opensTo(sealed, plain)).toBe(true)
      // Its threads sealed it: they are back, waiting for the next file.
      const set = electronLike.take()
      expect(await set.readySealers()).not.toBeNull()
      await electronLike.giveBack(set)
    } finally {
      await electronLike.drop()
    }
  })
})
