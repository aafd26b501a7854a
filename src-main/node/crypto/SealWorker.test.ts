import { randomFillSync } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { SealWorker } from './SealWorker'
import { sodiumModulePath } from './sodiumModulePath'
import { SEALED_CHUNK_BYTES, STREAM_CHUNK_BYTES, sealChunk } from './streamCipher'

/*
 * A sealing thread seals with Node's cipher, or with libsodium where the runtime's Node has no
 * ChaCha20-Poly1305 (Electron): either way exactly what streamCipher's sealChunk writes.
 */
const key = randomFillSync(new Uint8Array(32))
const header = Buffer.from(randomFillSync(new Uint8Array(48)))

/** Three whole chunks and 1000 bytes, the last flagged; sealed from chunk 7 of the file on. */
const LENGTH = 3 * STREAM_CHUNK_BYTES + 1000
const COUNTER = 7

function expected(plain: Uint8Array): Buffer {
  const parts: Buffer[] = []
  for (let i = 0; i * STREAM_CHUNK_BYTES < plain.length; i++) {
    const piece = plain.subarray(i * STREAM_CHUNK_BYTES, (i + 1) * STREAM_CHUNK_BYTES)
    const last = (i + 1) * STREAM_CHUNK_BYTES >= plain.length
    const { body, tag } = sealChunk(key, header, COUNTER + i, last, piece)
    parts.push(body, tag)
  }
  return Buffer.concat(parts)
}

/** Seals `plain` as one block on `sealer`: the sealed bytes, and the CRC-32 when asked for. */
async function sealOn(
  sealer: SealWorker,
  plain: Uint8Array,
  crc = false
): Promise<{ sealed: Buffer; crc: number | undefined }> {
  const shared = new SharedArrayBuffer(LENGTH)
  new Uint8Array(shared).set(plain)
  const out = new SharedArrayBuffer(16 + 4 * SEALED_CHUNK_BYTES)
  sealer.beginFile(key, header)
  const answer = await sealer.seal({
    plain: shared,
    plainLength: LENGTH,
    out,
    base: 16,
    counter: COUNTER,
    last: true,
    crc
  })
  sealer.endFile()
  return { sealed: Buffer.from(out, 16, LENGTH + 4 * 16), crc: answer }
}

describe('SealWorker', () => {
  it("seals as sealChunk does, with Node's cipher and with libsodium", async () => {
    const plain = randomFillSync(new Uint8Array(LENGTH))
    const want = expected(plain)
    const path = sodiumModulePath()
    expect(path).not.toBeNull()
    for (const sodiumPath of [null, path]) {
      const sealer = SealWorker.start(sodiumPath)
      try {
        expect(await sealer.ready).toBe(true)
        const { sealed } = await sealOn(sealer, plain)
        expect(sealed.equals(want), `libsodium: ${sodiumPath}`).toBe(true)
      } finally {
        await sealer.dispose()
      }
    }
  })

  it('gives the CRC-32 of the block it sealed when asked for it', async () => {
    const plain = randomFillSync(new Uint8Array(LENGTH))
    const sealer = SealWorker.start(null)
    try {
      expect(await sealer.ready).toBe(true)
      const { sealed, crc } = await sealOn(sealer, plain, true)
      // sealFileInto checks this against the digest taken when the file was chosen.
      expect(crc).toBe(crc32(plain))
      expect(sealed.equals(expected(plain))).toBe(true)
      // Not asked for, none is taken.
      expect((await sealOn(sealer, plain)).crc).toBeUndefined()
    } finally {
      await sealer.dispose()
    }
  })

  it('says so when it cannot load libsodium, and is then not used', async () => {
    const sealer = SealWorker.start('/nonexistent/libsodium-wrappers-sumo.js')
    try {
      expect(await sealer.ready).toBe(false)
      expect(sealer.usable).toBe(false)
    } finally {
      await sealer.dispose()
    }
  })
})
