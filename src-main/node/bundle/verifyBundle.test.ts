import { execFileSync } from 'node:child_process'
import { mkdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { steppingClock, tempDir } from '../testing/testVault'
import { makeEvidenceVault } from '../testing/bundleFixture'
import type { EvidenceFixture } from '../testing/bundleFixture'
import { exportBundle } from './exportBundle'
import { verifyBundle } from './verifyBundle'
import type { BundleReport } from './verifyBundle'
import { BUNDLE_PROBLEM_CODES } from '../../common/bundle/ScannedBundle'
import {
  centralRecord,
  endOfCentralDirectory,
  localRecord,
  rawZip,
  readZip,
  recomputedSums,
  writeZip
} from '../testing/zipTestTools'
import type { RawRecord } from '../testing/zipTestTools'
import { withOldNames } from '../testing/oldBundleNames'

interface File {
  name: string
  bytes: Buffer
}

let dir: { path: string; remove: () => Promise<void> }
let fx: EvidenceFixture
let bundle: string
let files: File[]
let otherVaultPem: Buffer
let counter = 0

beforeAll(async () => {
  dir = await tempDir('dalel-verify-')
  fx = await makeEvidenceVault(dir.path)
  bundle = join(dir.path, 'bundle.zip')
  await exportBundle(
    fx.vault,
    {
      out: bundle,
      entries: [fx.seq.note, fx.seq.photos],
      withoutAmendments: true,
      recipient: 'Ким А.'
    },
    { clock: steppingClock() }
  )
  files = (await readZip(bundle)).map((item) => ({ name: item.name, bytes: item.bytes }))
  const other = await makeEvidenceVault(join(dir.path, 'other'))
  const otherBundle = join(dir.path, 'other.zip')
  await exportBundle(other.vault, { out: otherBundle, entries: [1] }, { clock: steppingClock() })
  otherVaultPem =
    (await readZip(otherBundle)).find((item) => item.name === 'public-key.pem')?.bytes ??
    Buffer.alloc(0)
  await other.vault.close()
})
afterAll(async () => {
  await fx.vault.close()
  await dir.remove()
})

function file(name: string): Buffer {
  const found = files.find((f) => f.name === name)
  if (found === undefined) throw new Error(`no ${name} in the bundle`)
  return found.bytes
}

/** A copy of the bundle's files with `name` replaced by `change(bytes)`. */
function replaced(name: string, change: (bytes: Buffer) => Buffer): File[] {
  return files.map((f) => (f.name === name ? { name, bytes: change(Buffer.from(f.bytes)) } : f))
}

function flipByte(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes)
  copy[at] = (copy[at] ?? 0) ^ 0x01
  return copy
}

/** Re-zips `changed` as an attacker would, keeping SHA256SUMS or recomputing it (unsigned). */
async function rezip(changed: File[], sums: 'keep' | 'recompute'): Promise<string> {
  const path = join(dir.path, `tampered-${++counter}.zip`)
  const out =
    sums === 'keep'
      ? changed
      : changed.map((f) =>
          f.name === 'SHA256SUMS' ? { name: f.name, bytes: recomputedSums(changed) } : f
        )
  await writeZip(path, out)
  return path
}

async function rawBundle(extra: RawRecord[]): Promise<string> {
  const path = join(dir.path, `raw-${++counter}.zip`)
  await writeFile(path, rawZip([...files.map((f) => ({ name: f.name, data: f.bytes })), ...extra]))
  return path
}

function codes(report: BundleReport): string[] {
  return report.problems.map((p) =>
    `${p.code} ${p.file ?? ''}${p.seq !== undefined ? ` #${p.seq}` : ''}`.trim()
  )
}

function expectProblems(report: BundleReport, expected: string[]): void {
  expect(report.ok).toBe(false)
  expect(codes(report)).toEqual(expect.arrayContaining(expected))
}

const photo = 'entries/3/0.png'
const entry3 = 'entries/3/entry.json'

/** The central directory's entries of a zip, and whether each carries the UTF-8 flag (bit 11). */
function utf8Flags(zip: Buffer): boolean[] {
  const flags: boolean[] = []
  for (
    let at = zip.indexOf('PK\u0001\u0002');
    at >= 0;
    at = zip.indexOf('PK\u0001\u0002', at + 4)
  ) {
    flags.push((zip.readUInt16LE(at + 8) & 0x0800) !== 0)
  }
  return flags
}

describe('file names inside a bundle', () => {
  it('still verifies after unzip and a re-zip with Info-ZIP, which marks no name as UTF-8', async () => {
    const folder = join(dir.path, 'info-zip')
    execFileSync('unzip', ['-q', bundle, '-d', folder])
    const rezipped = join(dir.path, 'info-zip.zip')
    execFileSync('zip', ['-q', '-r', '-X', rezipped, '.'], {
      cwd: folder,
      env: { PATH: process.env.PATH }
    })
    // A Cyrillic name would come back in code page 437 ("entries/3/╨┐╤Ç╨╛…"), as any
    // unzip reads a name without the flag: before ASCII names, file-missing and unexpected-file.
    const report = await verifyBundle(rezipped)
    expect(report.problems).toEqual([])
    // The archiver really marked no name as UTF-8.
    const flags = utf8Flags(await readFile(rezipped))
    expect(flags.length).toBeGreaterThanOrEqual(files.length)
    expect(flags.filter(Boolean)).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.entries).toEqual([fx.seq.note, fx.seq.photos])
    expect(report.attachmentNames).toContainEqual({
      seq: fx.seq.photos,
      path: 'entries/3/0.png',
      name: 'протокол.png'
    })
  })

  it('still verifies a bundle from before, its attachments named after their recorded names', async () => {
    // The same bundle as the previous version named its files, signed again with the vault key.
    const old = new Map([
      ['entries/3/0.png', 'entries/3/протокол.png'],
      ['entries/3/1.txt', 'entries/3/1-notes.txt'],
      ['entries/3/2', 'entries/3/____etc_passwd'],
      ['entries/3/3.json', 'entries/3/3-ENTRY.json'],
      ['entries/3/4.txt', 'entries/3/4-Notes.TXT']
    ])
    const renamed = withOldNames(files, (sums) => fx.vault.signSums(sums))
    const zip = join(dir.path, 'old-names.zip')
    await writeZip(zip, renamed)
    expect(renamed.map((f) => f.name).filter((name) => name.startsWith('entries/3/'))).toEqual(
      expect.arrayContaining([...old.values()])
    )
    expect(renamed.some((f) => old.has(f.name))).toBe(false)
    const report = await verifyBundle(zip)
    expect(report.problems).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.attachmentNames).toContainEqual({
      seq: fx.seq.photos,
      path: 'entries/3/протокол.png',
      name: 'протокол.png'
    })
  })
})

describe('verifyBundle', () => {
  it('accepts an untouched bundle, as a zip and as the folder it unzips to', async () => {
    const report = await verifyBundle(bundle)
    expect(report.problems).toEqual([])
    expect(report).toMatchObject({
      ok: true,
      kind: 'zip',
      entries: [fx.seq.note, fx.seq.photos],
      chainLength: fx.seq.withdrawal,
      files: files.length,
      manifest: { recipient: 'Ким А.', vaultId: fx.vault.vaultId }
    })
    const folder = join(dir.path, 'unzipped')
    for (const f of files) {
      await mkdir(dirname(join(folder, f.name)), { recursive: true })
      await writeFile(join(folder, f.name), f.bytes)
    }
    await writeFile(join(folder, '.DS_Store'), 'Finder was here')
    const fromFolder = await verifyBundle(folder)
    expect(fromFolder.problems).toEqual([])
    expect(fromFolder).toMatchObject({ ok: true, kind: 'directory', entries: [1, 3] })
  })

  describe('finds tampering, naming the file and the entry', () => {
    const cases: {
      what: string
      change: () => File[]
      kept: string[]
      recomputed: string[]
    }[] = [
      {
        what: 'a byte of an attachment',
        change: () => replaced(photo, (b) => flipByte(b, b.length - 10)),
        kept: [
          `sums-mismatch ${photo}`,
          `attachment-mismatch ${photo} #3`,
          `file-mismatch ${photo} #3`
        ],
        recomputed: ['sums-signature SHA256SUMS.sig', `attachment-mismatch ${photo} #3`]
      },
      {
        what: 'a byte of entry.json',
        change: () =>
          replaced(entry3, (b) =>
            Buffer.from(b.toString('utf8').replace('Фото протокола', 'Фото протокола!'))
          ),
        kept: [
          `sums-mismatch ${entry3}`,
          `commitment-mismatch ${entry3} #3`,
          `file-mismatch ${entry3} #3`
        ],
        recomputed: ['sums-signature SHA256SUMS.sig', `commitment-mismatch ${entry3} #3`]
      },
      {
        what: 'a byte of chain.jsonl',
        change: () =>
          replaced('chain.jsonl', (b) => {
            const lines = b.toString('utf8').split('\n')
            lines[1] = (lines[1] ?? '').replace(
              /"commitment":"(.)/,
              (_m, c: string) => `"commitment":"${c === 'a' ? 'b' : 'a'}`
            )
            return Buffer.from(lines.join('\n'))
          }),
        kept: ['sums-mismatch chain.jsonl', 'chain-mismatch chain.jsonl #2'],
        recomputed: ['sums-signature SHA256SUMS.sig', 'chain-mismatch chain.jsonl #2']
      },
      {
        what: 'a byte of manifest.json',
        change: () =>
          replaced('manifest.json', (b) =>
            Buffer.from(b.toString('utf8').replace('Ким А.', 'Ким Б.'))
          ),
        kept: ['sums-mismatch manifest.json'],
        recomputed: ['sums-signature SHA256SUMS.sig']
      },
      {
        what: 'an entry’s line dropped from chain.jsonl',
        change: () =>
          replaced('chain.jsonl', (b) => {
            const lines = b.toString('utf8').split('\n')
            lines.splice(1, 1)
            return Buffer.from(lines.join('\n'))
          }),
        kept: [
          'sums-mismatch chain.jsonl',
          'seq-gap chain.jsonl #3',
          'chain-mismatch chain.jsonl #3'
        ],
        recomputed: [
          'sums-signature SHA256SUMS.sig',
          'seq-gap chain.jsonl #3',
          'chain-mismatch chain.jsonl #3'
        ]
      },
      {
        what: 'two lines of chain.jsonl swapped',
        change: () =>
          replaced('chain.jsonl', (b) => {
            const lines = b.toString('utf8').split('\n')
            ;[lines[1], lines[2]] = [lines[2] ?? '', lines[1] ?? '']
            return Buffer.from(lines.join('\n'))
          }),
        kept: [
          'sums-mismatch chain.jsonl',
          'seq-gap chain.jsonl #3',
          'chain-mismatch chain.jsonl #3'
        ],
        recomputed: [
          'sums-signature SHA256SUMS.sig',
          'seq-gap chain.jsonl #2',
          'chain-mismatch chain.jsonl #2'
        ]
      },
      {
        what: 'public-key.pem swapped for another vault’s',
        change: () => replaced('public-key.pem', () => otherVaultPem),
        kept: [
          'sums-mismatch public-key.pem',
          'sums-signature SHA256SUMS.sig',
          'public-key-mismatch public-key.pem'
        ],
        recomputed: ['sums-signature SHA256SUMS.sig', 'public-key-mismatch public-key.pem']
      },
      {
        what: 'a file removed',
        change: () => files.filter((f) => f.name !== photo),
        kept: [`file-missing ${photo}`, `file-missing ${photo} #3`],
        recomputed: ['sums-signature SHA256SUMS.sig', `file-missing ${photo} #3`]
      },
      {
        what: 'a file added',
        change: () => [...files, { name: 'entries/2/entry.json', bytes: Buffer.from('{}') }],
        kept: ['file-unlisted entries/2/entry.json', 'unexpected-file entries/2/entry.json'],
        recomputed: ['sums-signature SHA256SUMS.sig', 'unexpected-file entries/2/entry.json']
      }
    ]
    for (const c of cases) {
      it(`${c.what}, with SHA256SUMS kept`, async () => {
        expectProblems(await verifyBundle(await rezip(c.change(), 'keep')), c.kept)
      })
      it(`${c.what}, with SHA256SUMS recomputed but not signable`, async () => {
        expectProblems(await verifyBundle(await rezip(c.change(), 'recompute')), c.recomputed)
      })
    }

    it('an entry rewritten with the manifest and SHA256SUMS made to agree: the commitment still fails', async () => {
      const edited = file(entry3).toString('utf8').replace('Фото протокола', 'Фото протокола!')
      const changed = replaced(entry3, () => Buffer.from(edited))
      const report = await verifyBundle(await rezip(changed, 'recompute'))
      expect(codes(report)).toContain(`commitment-mismatch ${entry3} #3`)
    })

    it('a truncated zip', async () => {
      const path = join(dir.path, 'truncated.zip')
      await writeFile(path, await readFile(bundle))
      await truncate(path, Math.floor((await readFile(bundle)).length / 2))
      const report = await verifyBundle(path)
      expect(report.ok).toBe(false)
      expect(codes(report)).toEqual(['zip-unreadable truncated.zip'])
    })

    it('a file that is not a zip at all', async () => {
      const path = join(dir.path, 'not.zip')
      await writeFile(path, 'PK but not really')
      expect(codes(await verifyBundle(path))).toEqual(['zip-unreadable not.zip'])
    })
  })

  describe('refuses hostile archives, and still checks everything else', () => {
    const names: [string, string][] = [
      ['a parent-directory (zip-slip) name', '../evil.txt'],
      ['a deeper zip-slip name', 'entries/../../evil.txt'],
      ['an absolute path', '/tmp/evil.txt'],
      ['a backslash path', '..\\evil.txt'],
      ['a drive letter', 'C:/evil.txt'],
      ['a name with a newline', 'evil\n0000  SHA256SUMS']
    ]
    for (const [what, name] of names) {
      it(`refuses ${what}`, async () => {
        const report = await verifyBundle(await rawBundle([{ name, data: Buffer.from('pwned') }]))
        expect(codes(report)).toEqual([`unsafe-name ${name}`])
      })
    }

    it('refuses a symbolic link', async () => {
      const report = await verifyBundle(
        await rawBundle([
          {
            name: 'entries/3/link',
            data: Buffer.from('/etc/passwd'),
            externalFileAttributes: (0o120777 << 16) >>> 0
          }
        ])
      )
      expect(codes(report)).toEqual(['symlink entries/3/link'])
    })

    it('refuses a symbolic link in an unzipped folder, without following it', async () => {
      const folder = join(dir.path, 'with-link')
      for (const f of files) {
        await mkdir(dirname(join(folder, f.name)), { recursive: true })
        await writeFile(join(folder, f.name), f.bytes)
      }
      await symlink('/etc/passwd', join(folder, 'entries/3/passwd'))
      expect(codes(await verifyBundle(folder))).toEqual(['symlink entries/3/passwd'])
    })

    it('refuses duplicate names, letter case ignored', async () => {
      const report = await verifyBundle(
        await rawBundle([{ name: 'Manifest.json', data: Buffer.from('{}') }])
      )
      expect(codes(report)).toEqual(['duplicate-name manifest.json'])
      expect(report.ok).toBe(false)
    })

    it('refuses more entries than the limit', async () => {
      const report = await verifyBundle(bundle, { maxEntries: 5 })
      expect(codes(report)).toEqual(['too-many-entries bundle.zip'])
    })

    it('refuses entries that share their bytes (the overlapping-file bomb)', async () => {
      const inner: RawRecord = { name: 'b.txt', data: Buffer.from('hello') }
      const innerLocal = localRecord(inner)
      const outer: RawRecord = { name: 'a.txt', data: innerLocal }
      const outerLocal = localRecord(outer)
      const central = Buffer.concat([centralRecord(outer, 0), centralRecord(inner, 30 + 5)])
      const path = join(dir.path, 'overlap.zip')
      await writeFile(
        path,
        Buffer.concat([
          outerLocal,
          central,
          endOfCentralDirectory(2, central.length, outerLocal.length)
        ])
      )
      const report = await verifyBundle(path)
      expect(codes(report)).toEqual(
        expect.arrayContaining(['overlapping-entries a.txt', 'overlapping-entries b.txt'])
      )
    })

    // 5 GiB of zeros, deflated: 80 flushed blocks of 64 MiB each, so it is built in a blink.
    const zeros = deflateRawSync(Buffer.alloc(64 * 1024 * 1024), {
      level: 9,
      finishFlush: 3 /* Z_FULL_FLUSH: no final block, so blocks can be repeated */
    })
    const bomb = Buffer.concat([
      ...Array.from({ length: 80 }, () => zeros),
      Buffer.from([0x03, 0x00])
    ])
    const fiveGiB = 80 * 64 * 1024 * 1024

    it('refuses a zip bomb that declares its 5 GiB, without inflating it', async () => {
      const started = Date.now()
      const report = await verifyBundle(
        await rawBundle([
          { name: 'zeros.bin', data: bomb, method: 8, uncompressedSize: fiveGiB, crc: 0 }
        ])
      )
      expect(codes(report)).toEqual(['file-too-large zeros.bin'])
      expect(Date.now() - started).toBeLessThan(5000)
    })

    it('refuses a zip bomb that lies about its size, while inflating it', async () => {
      const started = Date.now()
      const report = await verifyBundle(
        await rawBundle([
          { name: 'zeros.bin', data: bomb, method: 8, uncompressedSize: 1000, crc: 0 }
        ])
      )
      expect(codes(report)).toEqual(['compression-ratio zeros.bin'])
      expect(Date.now() - started).toBeLessThan(5000)
    })

    it('refuses a file that inflates past the size limit whatever its header says', async () => {
      const noise = randomBytes(3 * 1024 * 1024)
      const report = await verifyBundle(
        await rawBundle([
          { name: 'noise.bin', data: deflateRawSync(noise), method: 8, uncompressedSize: 100 }
        ]),
        { maxFileBytes: 1024 * 1024 }
      )
      expect(codes(report)).toEqual(['file-too-large noise.bin'])
    })

    it('reports a file whose data differs from its declared size or checksum', async () => {
      const report = await verifyBundle(
        await rawBundle([
          {
            name: 'short.bin',
            data: deflateRawSync(Buffer.from('abc')),
            method: 8,
            uncompressedSize: 10
          },
          { name: 'crc.bin', data: Buffer.from('abc'), crc: 1 }
        ])
      )
      expect(codes(report)).toEqual(['size-mismatch short.bin', 'crc-mismatch crc.bin'])
    })

    describe('refuses bytes the central directory does not list', () => {
      const forged = localRecord({
        name: entry3,
        data: Buffer.from('{"salt":"00","entry":{"title":"forged"}}')
      })
      const records = () => files.map((f) => ({ name: f.name, data: f.bytes }))
      const cases: [string, { before: number | 'directory'; bytes: Buffer }][] = [
        [
          'a hidden local header before the central directory',
          { before: 'directory', bytes: forged }
        ],
        ['a hidden local header before the first entry', { before: 0, bytes: forged }],
        ['a hidden local header between two entries', { before: 2, bytes: forged }],
        ['a gap of a few bytes between two entries', { before: 1, bytes: Buffer.alloc(7) }]
      ]
      for (const [what, insert] of cases) {
        it(what, async () => {
          const path = join(dir.path, `hidden-${++counter}.zip`)
          await writeFile(path, rawZip(records(), insert))
          const report = await verifyBundle(path)
          expect(codes(report)).toEqual([`hidden-data hidden-${counter}.zip`])
          expect(report.problems[0]?.detail).toMatch(
            insert.bytes === forged ? /local file header/ : /belong to none/
          )
        })
      }

      it('while the exported zip, with its data descriptors, walks end to end', async () => {
        expect((await verifyBundle(bundle)).ok).toBe(true)
      })
    })

    it('refuses an entry whose two headers name different files', async () => {
      const report = await verifyBundle(
        await rawBundle([{ name: 'safe.txt', localName: '../x.txt', data: Buffer.from('x') }])
      )
      expect(codes(report)).toEqual(['name-mismatch safe.txt'])
    })
  })

  it('throws file-not-found for a path that does not exist, and refuses a FIFO without blocking', async () => {
    await expect(verifyBundle(join(dir.path, 'nowhere.zip'))).rejects.toMatchObject({
      code: 'file-not-found'
    })
    const fifo = join(dir.path, 'fifo.zip')
    execFileSync('mkfifo', [fifo])
    await expect(verifyBundle(fifo)).rejects.toMatchObject({ code: 'file-unreadable' })
  })

  it('reports an empty file and an empty folder as problems, never as ok', async () => {
    const empty = join(dir.path, 'empty.zip')
    await writeFile(empty, '')
    expect(codes(await verifyBundle(empty))).toEqual(['zip-unreadable empty.zip'])
    const folder = join(dir.path, 'empty-folder')
    await mkdir(folder)
    const report = await verifyBundle(folder)
    expect(report.ok).toBe(false)
    expect(codes(report)).toEqual(
      expect.arrayContaining([
        'file-missing SHA256SUMS',
        'file-missing manifest.json',
        'file-missing chain.jsonl'
      ])
    )
  })

  it('lists every problem code in the locale files', async () => {
    const en = JSON.parse(
      await readFile(join(process.cwd(), 'resources/locales/en.json'), 'utf8')
    ) as Record<string, string>
    for (const code of BUNDLE_PROBLEM_CODES)
      expect(en[`bundleProblem.${code}`], code).toBeTypeOf('string')
  })
})
