import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { openPromise } from 'yauzl'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../testing/testVault'
import { BundleZipWriter } from './BundleZipWriter'
import { BUNDLE_LIMITS } from '../../common/bundle/bundleLayout'
import { scanZip } from './scanZip'
import { sha256 } from '../testing/zipTestTools'
import { bytesSource } from '../../../src-verify-page/BundleFile'
import { openZip } from '../../../src-verify-page/openZip'

let dir: { path: string; remove: () => Promise<void> }
beforeEach(async () => {
  dir = await tempDir('dalel-zipwriter-')
})
afterEach(async () => {
  await dir.remove()
})

const mtime = new Date('2026-04-02T10:00:00.000Z')
const text = Buffer.from('Обыск в редакции. Редакцияда тінту. '.repeat(2000))
const random = randomBytes(3 * 1024 * 1024 + 17)

/** Delivers `bytes` in blocks of `block` bytes through one reused buffer, as a vault does. */
function blocksOf(bytes: Buffer, block: number) {
  return async (write: (b: Uint8Array) => Promise<void>) => {
    const buffer = Buffer.alloc(block)
    for (let at = 0; at < bytes.length; at += block) {
      const n = bytes.copy(buffer, 0, at, at + block)
      await write(buffer.subarray(0, n))
    }
  }
}

const expected = new Map<string, Buffer>([
  ['README.txt', text],
  ['SHA256SUMS.sig', random.subarray(0, 64)],
  ['entries/1/видео.bin', random],
  ['entries/1/notes.txt', text],
  ['entries/2/empty.bin', Buffer.alloc(0)]
])

async function writeSample(out: string, forceZip64 = false) {
  const writer = await BundleZipWriter.create(out, mtime, { forceZip64 })
  await writer.addBytes('README.txt', text, true)
  await writer.addBytes('SHA256SUMS.sig', random.subarray(0, 64), false)
  await writer.addStream('entries/1/видео.bin', random.length, false, blocksOf(random, 1 << 20))
  await writer.addStream('entries/1/notes.txt', text.length, true, blocksOf(text, 4096))
  await writer.addStream('entries/2/empty.bin', 0, false, () => Promise.resolve())
  const result = await writer.finish()
  await writer.commit()
  return result
}

/** Every entry as yauzl reads it, with the fields the writer chose. */
async function readWithYauzl(path: string) {
  const zip = await openPromise(path, { lazyEntries: true })
  const items = []
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = []
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer)
    items.push({
      name: entry.fileName,
      bytes: Buffer.concat(chunks),
      crc: entry.crc32,
      method: entry.compressionMethod,
      mode: entry.externalFileAttributes >>> 16,
      madeBy: entry.versionMadeBy >> 8,
      mtime: entry.getLastModDate().getTime()
    })
  }
  zip.close()
  return items
}

describe('BundleZipWriter', () => {
  for (const forceZip64 of [false, true]) {
    const kind = forceZip64 ? 'zip64 records throughout' : 'plain records'
    it(`writes a zip that yauzl, the CLI's reader and the page's reader all read (${kind})`, async () => {
      const out = join(dir.path, 'bundle.zip')
      const result = await writeSample(out, forceZip64)
      const zipBytes = await readFile(out)
      expect(result).toEqual({ sha256: sha256(zipBytes), bytes: zipBytes.length })

      const items = await readWithYauzl(out)
      expect(items.map((i) => i.name)).toEqual([...expected.keys()])
      for (const item of items) {
        expect(item.bytes.equals(expected.get(item.name) ?? Buffer.alloc(1))).toBe(true)
        expect(item.crc).toBe(crc32(item.bytes))
        expect(item.mode).toBe(0o100644)
        expect(item.madeBy).toBe(3)
        expect(item.mtime).toBe(mtime.getTime())
      }
      // Text deflates; random bytes and the streamed attachment are stored as they are.
      const methods = Object.fromEntries(items.map((i) => [i.name, i.method]))
      expect(methods).toEqual({
        'README.txt': 8,
        'SHA256SUMS.sig': 0,
        'entries/1/видео.bin': 0,
        'entries/1/notes.txt': 8,
        'entries/2/empty.bin': 0
      })

      const scanned = await scanZip(out, BUNDLE_LIMITS)
      expect(scanned.problems).toEqual([])
      expect([...scanned.files.keys()].sort()).toEqual([...expected.keys()].sort())
      for (const [name, bytes] of expected)
        expect(scanned.files.get(name)?.sha256).toBe(sha256(bytes))

      const page = await openZip(bytesSource(zipBytes), 'bundle.zip', BUNDLE_LIMITS)
      expect(page.problems).toEqual([])
      for (const file of page.files) {
        const chunks: Uint8Array[] = []
        for await (const chunk of file.chunks()) chunks.push(chunk)
        expect(sha256(Buffer.concat(chunks))).toBe(sha256(expected.get(file.path) ?? Buffer.of(1)))
      }
    })
  }

  it('passes Info-ZIP unzip -t, CRCs included', async () => {
    if (spawnSync('unzip', ['-v']).status !== 0) return
    for (const forceZip64 of [false, true]) {
      const out = join(dir.path, `bundle-${String(forceZip64)}.zip`)
      await writeSample(out, forceZip64)
      const test = spawnSync('unzip', ['-t', out], { encoding: 'utf8' })
      expect(test.stdout).toContain('No errors detected')
      expect(test.status).toBe(0)
    }
  })

  it('refuses a stream that delivers another size than it declared, and leaves nothing', async () => {
    const out = join(dir.path, 'short.zip')
    const writer = await BundleZipWriter.create(out, mtime)
    await expect(
      writer.addStream('entries/1/a.bin', random.length + 1, false, blocksOf(random, 65536))
    ).rejects.toThrow(/delivered/)
    // The first failure sticks: nothing more is written into a zip that is already wrong.
    await expect(writer.addBytes('README.txt', text, true)).rejects.toThrow(/delivered/)
    await writer.discard()
    expect(await readdir(dir.path)).toEqual([])
  })

  it('passes on the producer’s own error from a deflated stream, and removes the temporary file', async () => {
    const out = join(dir.path, 'failed.zip')
    await writeFile(out, 'the previous bundle')
    const writer = await BundleZipWriter.create(out, mtime)
    const failure = new Error('the blob does not decrypt')
    await expect(
      writer.addStream('entries/1/notes.txt', text.length, true, async (write) => {
        await write(text.subarray(0, 1000))
        throw failure
      })
    ).rejects.toBe(failure)
    await writer.discard()
    expect(await readdir(dir.path)).toEqual(['failed.zip'])
    expect(await readFile(out, 'utf8')).toBe('the previous bundle')
  })

  it('refuses absolute, parent and backslash paths', async () => {
    for (const path of ['/etc/passwd', 'entries/../../x', 'entries\\1\\x', '']) {
      const writer = await BundleZipWriter.create(join(dir.path, 'x.zip'), mtime)
      await expect(writer.addBytes(path, text, false)).rejects.toThrow(/not a relative path/)
      await writer.discard()
    }
  })
})
