import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { steppingClock, tempDir } from '../src-main/node/testing/testVault'
import { makeEvidenceVault } from '../src-main/node/testing/bundleFixture'
import type { EvidenceFixture } from '../src-main/node/testing/bundleFixture'
import { BUNDLE_LIMITS } from '../src-main/common/bundle/bundleLayout'
import { exportBundle } from '../src-main/node/bundle/exportBundle'
import { verifyBundle } from '../src-main/node/bundle/verifyBundle'
import {
  localRecord,
  rawZip,
  readZip,
  recomputedSums,
  sha256,
  writeZip
} from '../src-main/node/testing/zipTestTools'
import { crc32 } from '../src-main/common/encoding/crc32'
import { UNICODE_PATH_FIELD } from '../src-main/common/bundle/zipEntryName'
import { infoZip, withOldNames } from '../src-main/node/testing/oldBundleNames'
import { blobBundleFile, bytesSource } from './BundleFile'
import type { PageReport } from './pageReport'
import { verifyFilesInPage, verifyZipInPage } from './verifyInPage'

// The page's pipeline (its zip reader, its streaming SHA-256, WebCrypto Ed25519, and the
// CLI's own checkBundle) run here under Node, which has the same web APIs. Every bundle is
// also given to `dalel verify-bundle`'s verifyBundle: the two must agree on every problem.

interface File {
  name: string
  bytes: Buffer
}

let dir: { path: string; remove: () => Promise<void> }
let fx: EvidenceFixture
let bundle: string
let files: File[]
let counter = 0
const deps = { subtle: crypto.subtle }

beforeAll(async () => {
  dir = await tempDir('dalel-page-')
  fx = await makeEvidenceVault(dir.path)
  bundle = join(dir.path, 'bundle.zip')
  await exportBundle(
    fx.vault,
    {
      out: bundle,
      entries: [fx.seq.note, fx.seq.photos],
      // The fixture's note is amended; these checks count exactly the two chosen entries.
      withoutAmendments: true,
      recipient: 'Ким А.',
      extraFiles: () =>
        Promise.resolve([{ path: 'verify.html', bytes: Buffer.from('<!doctype html>') }])
    },
    { clock: steppingClock() }
  )
  files = (await readZip(bundle)).map((item) => ({ name: item.name, bytes: item.bytes }))
})
afterAll(async () => {
  await fx.vault.close()
  await dir.remove()
})

async function pageCheck(path: string): Promise<PageReport> {
  return verifyZipInPage(bytesSource(await readFile(path)), 'bundle.zip', deps)
}

/** The page's problems and the CLI's, as "code file #seq" lines; they must be the same. */
async function bothVerifiers(path: string): Promise<{ page: PageReport; codes: string[] }> {
  const page = await pageCheck(path)
  const cli = await verifyBundle(path)
  const line = (p: { code: string; file?: string; seq?: number }) =>
    `${p.code} ${p.file ?? ''} ${p.seq ?? ''}`
  // The container's own name differs (the CLI knows the file's path); the rest may not.
  const pageLines = page.problems.map(line).map((l) => l.replace('bundle.zip', '<zip>'))
  const cliLines = cli.problems.map(line).map((l) => l.replace(/\S*\.zip/, '<zip>'))
  expect(pageLines.sort()).toEqual(cliLines.sort())
  expect(page.verdict === 'pass').toBe(cli.ok)
  return { page, codes: page.problems.map((p) => p.code) }
}

async function rezip(changed: readonly File[]): Promise<string> {
  const path = join(dir.path, `tampered-${++counter}.zip`)
  await writeZip(path, changed)
  return path
}

function replaced(name: string, change: (bytes: Buffer) => Buffer): File[] {
  return files.map((f) => (f.name === name ? { name, bytes: change(Buffer.from(f.bytes)) } : f))
}

const photoPath = () => files.find((f) => f.name.endsWith('.png'))?.name ?? ''

describe('verify.html’s checks, run under Node', () => {
  it('passes an untouched bundle and shows what it declares', async () => {
    const { page } = await bothVerifiers(bundle)
    expect(page.verdict).toBe('pass')
    expect(page.manifest?.recipient).toBe('Ким А.')
    expect(page.chainLength).toBe(7)
    expect(page.entries.map((e) => [e.seq, e.status])).toEqual([
      [fx.seq.note, 'pass'],
      [fx.seq.photos, 'pass']
    ])
    expect(page.entries[0]?.title).toBe('Обыск в редакции «Дәлел»')
    expect(page.files.every((f) => f.status === 'pass')).toBe(true)
    expect(page.sections.every((s) => s.status === 'pass')).toBe(true)
    const key = fx.vault.publicKey
    expect(page.fingerprint?.replaceAll(' ', '')).toBe(sha256(key))
  })

  it('passes the same bundle given as an unzipped folder’s files', async () => {
    const picked = files.map((f) => blobBundleFile(f.name, new Blob([new Uint8Array(f.bytes)])))
    const page = await verifyFilesInPage(picked, [], deps)
    expect(page.verdict).toBe('pass')
  })

  it('fails a changed attachment byte, naming the file and the entry', async () => {
    const path = photoPath()
    const { page, codes } = await bothVerifiers(
      await rezip(
        replaced(path, (b) => {
          b[b.length - 1] = (b[b.length - 1] ?? 0) ^ 1
          return b
        })
      )
    )
    expect(page.verdict).toBe('fail')
    expect(codes).toContain('sums-mismatch')
    expect(codes).toContain('attachment-mismatch')
    expect(page.files.find((f) => f.path === path)?.status).toBe('fail')
    expect(page.entries.find((e) => e.seq === fx.seq.photos)?.status).toBe('fail')
    expect(page.entries.find((e) => e.seq === fx.seq.note)?.status).toBe('pass')
  })

  it('fails a changed line of chain.jsonl at that entry', async () => {
    const { page, codes } = await bothVerifiers(
      await rezip(
        replaced('chain.jsonl', (b) => {
          const lines = b.toString('utf8').split('\n')
          const line = JSON.parse(lines[1] ?? '') as Record<string, unknown>
          line.commitment = sha256(Buffer.from('a different entry'))
          lines[1] = JSON.stringify(
            Object.fromEntries(Object.entries(line).sort(([a], [b]) => (a < b ? -1 : 1)))
          )
          return Buffer.from(lines.join('\n'))
        })
      )
    )
    expect(codes).toEqual(expect.arrayContaining(['sums-mismatch', 'chain-mismatch']))
    expect(page.sections.find((s) => s.section === 'chain')?.status).toBe('fail')
  })

  it('fails a public key swapped for another, even with SHA256SUMS recomputed', async () => {
    const other = Buffer.from(
      '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n'
    )
    const changed = replaced('public-key.pem', () => other)
    const withSums = changed.map((f) =>
      f.name === 'SHA256SUMS' ? { name: f.name, bytes: recomputedSums(changed) } : f
    )
    const { page, codes } = await bothVerifiers(await rezip(withSums))
    expect(codes).toEqual(expect.arrayContaining(['public-key-mismatch', 'sums-signature']))
    expect(page.sections.find((s) => s.section === 'signature')?.status).toBe('fail')
  })

  it('fails a truncated zip as unreadable, and reports nothing else', async () => {
    const bytes = await readFile(bundle)
    const path = join(dir.path, 'truncated.zip')
    await writeFile(path, bytes.subarray(0, bytes.length - 100))
    const page = await pageCheck(path)
    expect(page.verdict).toBe('fail')
    expect(page.problems.map((p) => p.code)).toEqual(['zip-unreadable'])
    // nothing else could be checked, so nothing else may say "passed"
    expect(page.sections.map((s) => `${s.section} ${s.status}`)).toEqual([
      'container fail',
      'sums unchecked',
      'signature unchecked',
      'head unchecked',
      'chain unchecked',
      'entries unchecked'
    ])
    expect((await verifyBundle(path)).ok).toBe(false)
  })

  it('refuses zip-slip names, symlinks and duplicate names as the CLI does', async () => {
    const path = join(dir.path, 'hostile.zip')
    const good = (name: string) => ({ name, data: Buffer.from(name) })
    await writeFile(
      path,
      rawZip([
        ...files.map((f) => ({ name: f.name, data: f.bytes })),
        good('../evil.txt'),
        good('C:/evil.txt'),
        good('a\\b.txt'),
        { ...good('link'), externalFileAttributes: 0o120777 << 16 },
        good('twice.txt'),
        good('TWICE.txt')
      ])
    )
    const { codes } = await bothVerifiers(path)
    expect(codes).toEqual(expect.arrayContaining(['unsafe-name', 'symlink', 'duplicate-name']))
  })

  it('refuses a local header the central directory does not list, and a gap, as the CLI does', async () => {
    const forged = localRecord({ name: 'entries/1/entry.json', data: Buffer.from('{}') })
    const records = files.map((f) => ({ name: f.name, data: f.bytes }))
    for (const insert of [
      { before: 'directory' as const, bytes: forged },
      { before: 0, bytes: forged },
      { before: 3, bytes: Buffer.alloc(5) }
    ]) {
      const path = join(dir.path, `hidden-${++counter}.zip`)
      await writeFile(path, rawZip(records, insert))
      const { page, codes } = await bothVerifiers(path)
      expect(codes).toEqual(['hidden-data'])
      expect(page.verdict).toBe('fail')
    }
  })

  it('stops inflating a bomb at its declared size, whatever it inflates to', async () => {
    const path = join(dir.path, 'bomb.zip')
    const zeros = deflateRawSync(Buffer.alloc(64 * 1024 * 1024))
    await writeFile(
      path,
      rawZip([
        ...files.map((f) => ({ name: f.name, data: f.bytes })),
        // declares 1 MB but inflates to 64 MiB: refused at the first byte past 1 MB
        { name: 'bomb.bin', data: zeros, method: 8, uncompressedSize: 1_000_000, crc: 0 }
      ])
    )
    const started = performance.now()
    const page = await pageCheck(path)
    const seconds = (performance.now() - started) / 1000
    // The CLI inflates on until the ratio passes 1000 : 1 and says so; the page stops
    // sooner, at the declared size. The same file is refused either way.
    expect(page.problems.map((p) => `${p.code} ${p.file ?? ''}`)).toEqual([
      'size-mismatch bomb.bin'
    ])
    expect((await verifyBundle(path)).problems.map((p) => p.file)).toEqual(['bomb.bin'])
    expect(seconds).toBeLessThan(5)
  })

  it('refuses an entry declaring more than 1000 : 1 before inflating it', async () => {
    const path = join(dir.path, 'ratio.zip')
    const zeros = deflateRawSync(Buffer.alloc(8 * 1024 * 1024))
    await writeFile(
      path,
      rawZip([
        ...files.map((f) => ({ name: f.name, data: f.bytes })),
        { name: 'zeros.bin', data: zeros, method: 8, uncompressedSize: 8 * 1024 * 1024 }
      ])
    )
    const { codes } = await bothVerifiers(path)
    expect(codes).toContain('compression-ratio')
  })

  it('reads an entry as stored or deflated, and refuses a wrong CRC', async () => {
    const path = join(dir.path, 'crc.zip')
    await writeFile(
      path,
      rawZip(
        files.map((f) =>
          f.name === 'README.txt'
            ? {
                name: f.name,
                data: deflateRawSync(f.bytes),
                method: 8,
                uncompressedSize: f.bytes.length,
                crc: 1
              }
            : { name: f.name, data: f.bytes }
        )
      )
    )
    const { codes } = await bothVerifiers(path)
    expect(codes).toEqual(['crc-mismatch'])
  })

  it('reads a zip whose directory is found through zip64 records', async () => {
    const zip = await readFile(bundle)
    const end = zip.length - 22
    const record = Buffer.alloc(56)
    record.writeUInt32LE(0x06064b50, 0)
    record.writeBigUInt64LE(44n, 4)
    record.writeUInt16LE(45, 12)
    record.writeUInt16LE(45, 14)
    record.writeBigUInt64LE(BigInt(zip.readUInt16LE(end + 10)), 24)
    record.writeBigUInt64LE(BigInt(zip.readUInt16LE(end + 10)), 32)
    record.writeBigUInt64LE(BigInt(zip.readUInt32LE(end + 12)), 40)
    record.writeBigUInt64LE(BigInt(zip.readUInt32LE(end + 16)), 48)
    const locator = Buffer.alloc(20)
    locator.writeUInt32LE(0x07064b50, 0)
    locator.writeBigUInt64LE(BigInt(end), 8)
    locator.writeUInt32LE(1, 16)
    const eocd = Buffer.from(zip.subarray(end))
    eocd.writeUInt16LE(0xffff, 8)
    eocd.writeUInt16LE(0xffff, 10)
    eocd.writeUInt32LE(0xffffffff, 12)
    eocd.writeUInt32LE(0xffffffff, 16)
    const path = join(dir.path, 'zip64.zip')
    await writeFile(path, Buffer.concat([zip.subarray(0, end), record, locator, eocd]))
    const { page } = await bothVerifiers(path)
    expect(page.verdict).toBe('pass')
  })

  it('refuses an entry declaring more than 4 GiB (a zip64 size) before reading it', async () => {
    const path = join(dir.path, 'huge.zip')
    await writeFile(
      path,
      rawZip([
        ...files.map((f) => ({ name: f.name, data: f.bytes })),
        {
          name: 'huge.bin',
          data: deflateRawSync(Buffer.alloc(10)),
          method: 8,
          uncompressedSize: 5 * 2 ** 30
        }
      ])
    )
    const { codes } = await bothVerifiers(path)
    expect(codes).toContain('file-too-large')
  })

  it('says “not fully checked”, never “verified”, when the browser has no Ed25519', async () => {
    const unsupported = () => Promise.reject(new DOMException('no Ed25519', 'NotSupportedError'))
    const noEd25519 = {
      importKey: unsupported,
      verify: unsupported
    } as unknown as typeof crypto.subtle
    const page = await verifyZipInPage(bytesSource(await readFile(bundle)), 'bundle.zip', {
      subtle: noEd25519
    })
    expect(page.verdict).toBe('incomplete')
    expect(page.sections.find((s) => s.section === 'chain')?.status).toBe('unchecked')
    expect(page.sections.find((s) => s.section === 'sums')?.status).toBe('pass')
  })

  it('shows a check whose input is missing as not checked, with the missing file', async () => {
    const { page } = await bothVerifiers(
      await rezip(files.filter((f) => f.name !== 'chain.jsonl' && f.name !== 'SHA256SUMS.sig'))
    )
    const status = (section: string) => page.sections.find((s) => s.section === section)
    expect(status('chain')?.status).toBe('fail')
    expect(status('chain')?.problems.map((p) => `${p.code} ${p.file ?? ''}`)).toContain(
      'file-missing chain.jsonl'
    )
    expect(status('signature')?.problems.map((p) => `${p.code} ${p.file ?? ''}`)).toEqual([
      'file-missing SHA256SUMS.sig'
    ])
  })

  it('applies the limits it is given (a low one refuses a large file)', async () => {
    const page = await verifyZipInPage(bytesSource(await readFile(bundle)), 'bundle.zip', {
      ...deps,
      limits: { ...BUNDLE_LIMITS, maxFileBytes: 1000 }
    })
    expect(page.problems.map((p) => p.code)).toContain('file-too-large')
  })
})

/** CP866 (DOS Cyrillic, what Info-ZIP on a Russian Windows stores), for the names here. */
function cp866(text: string): Buffer {
  const decoder = new TextDecoder('ibm866')
  const table = new Map<string, number>()
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b)
  return Buffer.from(Array.from(text, (c) => table.get(c) ?? 0x3f))
}

/** An Info-ZIP Unicode Path field: version 1, the CRC-32 of `crcOf`, the name in UTF-8. */
function unicodePath(name: string, crcOf: Buffer): Buffer {
  const data = Buffer.concat([Buffer.of(1, 0, 0, 0, 0), Buffer.from(name, 'utf8')])
  data.writeUInt32LE(crc32(crcOf), 1)
  const head = Buffer.alloc(4)
  head.writeUInt16LE(UNICODE_PATH_FIELD, 0)
  head.writeUInt16LE(data.length, 2)
  return Buffer.concat([head, data])
}

describe('names re-zipped without the UTF-8 flag', () => {
  const oldFiles = () => withOldNames(files, (sums) => fx.vault.signSums(sums))

  it('verifies a bundle from before ASCII names, its Cyrillic names re-zipped by Info-ZIP', async () => {
    const old = oldFiles()
    expect(old.map((f) => f.name)).toContain('entries/3/протокол.png')
    const path = join(dir.path, 'old-info-zip.zip')
    await infoZip(old, join(dir.path, 'old-info-zip'), path)
    // The archiver stored the names unmarked: no entry has the UTF-8 flag, one is Cyrillic.
    const zip = await readFile(path)
    const central: number[] = []
    for (
      let at = zip.indexOf('PK\u0001\u0002');
      at >= 0;
      at = zip.indexOf('PK\u0001\u0002', at + 4)
    )
      central.push(at)
    expect(central.length).toBeGreaterThanOrEqual(old.length)
    expect(central.filter((at) => (zip.readUInt16LE(at + 8) & 0x800) !== 0)).toEqual([])
    expect(zip.includes(Buffer.from('протокол.png'))).toBe(true)
    const { page } = await bothVerifiers(path)
    expect(page.problems).toEqual([])
    expect(page.verdict).toBe('pass')
    expect(page.files.find((f) => f.path === 'entries/3/протокол.png')?.status).toBe('pass')
  })

  it('reads a Cyrillic name from the Unicode Path field when the header holds it in CP866', async () => {
    const records = oldFiles().map((f) => {
      const ascii = /^[\x20-\x7e]*$/.test(f.name)
      const stored = ascii ? Buffer.from(f.name) : cp866(f.name)
      return ascii
        ? { name: stored, data: f.bytes, flags: 0 }
        : { name: stored, data: f.bytes, flags: 0, extra: unicodePath(f.name, stored) }
    })
    expect(records.some((r) => r.extra !== undefined)).toBe(true)
    const path = join(dir.path, 'cp866.zip')
    await writeFile(path, rawZip(records))
    const { page } = await bothVerifiers(path)
    expect(page.problems).toEqual([])
    expect(page.verdict).toBe('pass')
  })

  it('ignores a Unicode Path field whose CRC-32 is not that of the header’s name', async () => {
    const photo = photoPath()
    const target =
      files.find((f) => f.name !== photo && f.name.startsWith('entries/3/'))?.name ?? ''
    const forged = (crcOf: Buffer) =>
      rawZip(
        files.map((f) => ({
          name: f.name,
          data: f.bytes,
          flags: 0,
          // the photo's entry claims to be another file of the same entry
          ...(f.name === photo ? { extra: unicodePath(target, crcOf) } : {})
        }))
      )
    const wrongCrc = join(dir.path, 'forged-crc.zip')
    await writeFile(wrongCrc, forged(Buffer.from(`${photo}x`)))
    const ignored = await bothVerifiers(wrongCrc)
    expect(ignored.page.problems).toEqual([])
    expect(ignored.page.verdict).toBe('pass')
    // With the right CRC the same field is read, and the bundle fails: two files of one name.
    const rightCrc = join(dir.path, 'forged-right-crc.zip')
    await writeFile(rightCrc, forged(Buffer.from(photo)))
    const read = await bothVerifiers(rightCrc)
    expect(read.page.verdict).toBe('fail')
    expect(read.codes).toContain('duplicate-name')
  })

  it('refuses a UTF-8 name whose Unicode Path field names another file', async () => {
    // The flag makes the header's name the one read; an unzip that reads the field instead
    // would write another file than the one verified.
    const photo = photoPath()
    const path = join(dir.path, 'two-names.zip')
    await writeFile(
      path,
      rawZip(
        files.map((f) => ({
          name: f.name,
          data: f.bytes,
          ...(f.name === photo ? { extra: unicodePath('evil.png', Buffer.from(photo)) } : {})
        }))
      )
    )
    const { codes } = await bothVerifiers(path)
    expect(codes).toContain('name-mismatch')
  })
})
