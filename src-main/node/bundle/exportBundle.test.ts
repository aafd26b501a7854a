import { verify as verifySignature, createPublicKey } from 'node:crypto'
import { randomBytes } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commitmentOf } from '../../common/chain/chain'
import { utf8 } from '../../common/encoding/bytes'
import { canonicalJson } from '../../common/encoding/canonicalJson'
import { fromHex, toHex } from '../../common/encoding/hex'
import type { Entry } from '../../common/entry/Entry'
import { ed25519PublicKeyPem, nodeEvidenceCrypto } from '../crypto/nodeEvidenceCrypto'
import { steppingClock, tempDir } from '../testing/testVault'
import { attachmentFileName, safeFileName } from '../../common/bundle/bundleLayout'
import type { BundleManifest } from '../../common/bundle/bundleLayout'
import { makeEvidenceVault } from '../testing/bundleFixture'
import type { EvidenceFixture } from '../testing/bundleFixture'
import { exportBundle } from './exportBundle'
import { verifyBundle } from './verifyBundle'
import { keyFingerprint } from './report/renderReport'
import { readZip, sha256 } from '../testing/zipTestTools'

let dir: { path: string; remove: () => Promise<void> }
let fx: EvidenceFixture

beforeEach(async () => {
  dir = await tempDir('dalel-bundle-')
  fx = await makeEvidenceVault(dir.path)
})
afterEach(async () => {
  await fx.vault.close()
  await dir.remove()
})

const clock = () => steppingClock('2026-04-02T10:00:00.000Z')

function byName(items: Awaited<ReturnType<typeof readZip>>): Map<string, Buffer> {
  return new Map(items.map((item) => [item.name, item.bytes]))
}

describe('exportBundle', () => {
  it('writes the layout of FORMATS "Evidence bundle", byte for byte', async () => {
    const out = join(dir.path, 'bundle.zip')
    const result = await exportBundle(
      fx.vault,
      {
        out,
        entries: [fx.seq.note, String(fx.seq.photos)],
        withoutAmendments: true,
        recipient: 'Адвокат Ким А.',
        purpose: 'суд',
        locale: 'ru'
      },
      { clock: clock() }
    )
    const items = await readZip(out)
    const files = byName(items)
    expect([...files.keys()].sort()).toEqual(
      [
        'README.txt',
        'manifest.json',
        'chain.jsonl',
        'public-key.pem',
        'SHA256SUMS',
        'SHA256SUMS.sig',
        'entries/1/entry.json',
        'entries/3/entry.json',
        'entries/3/0.png',
        'entries/3/1.txt',
        'entries/3/2',
        'entries/3/3.json',
        'entries/3/4.txt'
      ].sort()
    )

    // manifest.json: JCS, no trailing newline, every field of FORMATS.
    const manifestText = files.get('manifest.json')?.toString('utf8') ?? ''
    const manifest = JSON.parse(manifestText) as BundleManifest
    expect(canonicalJson(manifest)).toBe(manifestText)
    const head = fx.vault.get(fx.seq.withdrawal).link
    expect(manifest).toMatchObject({
      format: 'dalel-bundle',
      version: 1,
      bundleId: result.bundleId,
      exporter: 'Test Journalist',
      recipient: 'Адвокат Ким А.',
      purpose: 'суд',
      locale: 'ru',
      vaultId: fx.vault.vaultId,
      publicKey: toHex(fx.vault.publicKey),
      head: { seq: head.seq, chain: head.chain, signature: head.signature }
    })
    expect(manifest.entries.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'note'],
      [3, 'file']
    ])
    const photoFiles = manifest.entries[1]?.files ?? []
    expect(photoFiles[0]).toEqual({
      path: 'entries/3/entry.json',
      sha256: sha256(files.get('entries/3/entry.json') ?? Buffer.alloc(0)),
      size: files.get('entries/3/entry.json')?.length
    })
    expect(photoFiles[1]).toEqual({
      path: 'entries/3/0.png',
      sha256: sha256(fx.photo),
      size: fx.photo.length,
      attachment: 0
    })

    // chain.jsonl: every link 1..head as JCS lines, withdrawn entry included.
    const chainLines = files.get('chain.jsonl')?.toString('utf8').split('\n') ?? []
    expect(chainLines.pop()).toBe('')
    const links = [...fx.vault.links()].filter((l) => l.seq <= head.seq)
    expect(chainLines).toEqual(
      links.map(
        (l) =>
          `{"chain":"${l.chain}","commitment":"${l.commitment}","seq":${l.seq},"signature":"${l.signature}"}`
      )
    )

    // entry.json opens the commitment.
    const opened = JSON.parse(files.get('entries/3/entry.json')?.toString('utf8') ?? '') as {
      entry: Entry
      salt: string
    }
    expect(canonicalJson(opened)).toBe(files.get('entries/3/entry.json')?.toString('utf8'))
    const crypto = nodeEvidenceCrypto()
    expect(
      toHex(commitmentOf(crypto.sha256, fromHex(opened.salt), utf8(canonicalJson(opened.entry))))
    ).toBe(fx.vault.get(3).link.commitment)
    expect(opened.entry.attachments.map((a) => a.name)).toEqual([
      'протокол.png',
      'notes.txt',
      '../../etc/passwd',
      'ENTRY.json',
      'Notes.TXT'
    ])

    // Attachments are the original bytes; images stored, text deflated.
    expect(files.get('entries/3/0.png')).toEqual(fx.photo)
    expect(files.get('entries/3/1.txt')).toEqual(fx.notes)
    const method = new Map(items.map((i) => [i.name, i.compressionMethod]))
    expect(method.get('entries/3/0.png')).toBe(0)
    expect(method.get('entries/3/1.txt')).toBe(8)
    expect(method.get('manifest.json')).toBe(8)

    // SHA256SUMS: every other file, sorted, sha256sum's format; signed with the vault key.
    const sums = files.get('SHA256SUMS') ?? Buffer.alloc(0)
    const expected = [...files.keys()]
      .filter((name) => !name.startsWith('SHA256SUMS'))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
      .map((name) => `${sha256(files.get(name) ?? Buffer.alloc(0))}  ${name}\n`)
      .join('')
    expect(sums.toString('utf8')).toBe(expected)
    const pem = files.get('public-key.pem')?.toString('utf8') ?? ''
    expect(pem).toBe(ed25519PublicKeyPem(fx.vault.publicKey))
    const signature = files.get('SHA256SUMS.sig') ?? Buffer.alloc(0)
    expect(signature).toHaveLength(64)
    expect(verifySignature(null, sums, createPublicKey(pem), signature)).toBe(true)

    // README.txt: three languages, the exact commands, and which file is which recorded name.
    const readme = files.get('README.txt')?.toString('utf8') ?? ''
    expect(readme.split('entries/3/0.png  протокол.png').length - 1).toBe(3)
    expect(readme).toContain('entries/3/2  ../../etc/passwd')
    expect(readme).toContain('sha256sum -c SHA256SUMS')
    expect(readme).toContain(
      'openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig'
    )
    expect(readme).toContain('HOW TO CHECK IT')
    expect(readme).toContain('КАК ПРОВЕРИТЬ')
    expect(readme).toContain('ҚАЛАЙ ТЕКСЕРУГЕ')
    // The key as its fingerprint, the one `dalel fingerprint` prints (bundleReadme.test.ts).
    expect(readme).toContain(keyFingerprint(toHex(fx.vault.publicKey)))
    expect(readme).not.toContain(toHex(fx.vault.publicKey))
    expect(readme).toContain('dalel verify-bundle bundle.zip')
  })

  it('records the export as a custody entry carrying the SHA-256 of the finished zip', async () => {
    const out = join(dir.path, 'for-lawyer.zip')
    const before = fx.vault.count()
    const result = await exportBundle(
      fx.vault,
      {
        out,
        entries: [fx.seq.photos, fx.seq.note],
        withoutAmendments: true,
        recipient: 'Ким А.',
        purpose: 'апелляция'
      },
      { clock: clock() }
    )
    const zip = await readFile(out)
    expect(result.sha256).toBe(sha256(zip))
    expect(result.bytes).toBe(zip.length)
    expect(fx.vault.count()).toBe(before + 1)
    expect(result.custody.seq).toBe(before + 1)
    expect(result.custody.entry).toMatchObject({
      kind: 'custody',
      payload: {
        action: 'export',
        recipient: 'Ким А.',
        purpose: 'апелляция',
        sha256: sha256(zip),
        entries: [fx.seq.note, fx.seq.photos]
      }
    })
    expect(result.disclosed).toEqual([fx.seq.note, fx.seq.photos])
    expect(result.undisclosedAmendments).toEqual([
      { seq: fx.seq.note, amendedBy: fx.seq.amendment }
    ])
    expect((await fx.vault.verify()).ok).toBe(true)
    // The bundle's head is the chain before the custody entry: it cannot contain itself.
    expect(result.head.seq).toBe(before)
  })

  it('discloses only the chosen entries: the others appear nowhere in the zip, and the chain still verifies', async () => {
    const out = join(dir.path, 'selective.zip')
    await exportBundle(
      fx.vault,
      { out, entries: [fx.seq.note, fx.seq.photos], withoutAmendments: true },
      { clock: clock() }
    )
    const raw = await readFile(out)
    const inflated = (await readZip(out)).map((item) => item.bytes)
    const needles = [
      Buffer.from(fx.secrets.title),
      Buffer.from(fx.secrets.body),
      Buffer.from('Айгерим'),
      Buffer.from('Оспанова'),
      Buffer.from('source.bin'),
      fx.secrets.attachment.subarray(0, 64),
      fx.secrets.attachment.subarray(4000, 4064)
    ]
    for (const needle of needles) {
      expect(raw.includes(needle), needle.toString('utf8', 0, 20)).toBe(false)
      for (const file of inflated) expect(file.includes(needle)).toBe(false)
    }
    for (const file of inflated) expect(file.includes(Buffer.from('SECRET-'))).toBe(false)
    const report = await verifyBundle(out)
    expect(report.problems).toEqual([])
    expect(report).toMatchObject({
      ok: true,
      entries: [fx.seq.note, fx.seq.photos],
      chainLength: fx.seq.withdrawal
    })
  })

  it('--all discloses every entry but the withdrawn one, and a withdrawn entry cannot be chosen', async () => {
    const out = join(dir.path, 'all.zip')
    const result = await exportBundle(fx.vault, { out, entries: 'all' }, { clock: clock() })
    expect(result.disclosed).toEqual([1, 2, 3, 4, 5, 7])
    expect(result.undisclosedAmendments).toEqual([])
    expect((await verifyBundle(out)).ok).toBe(true)
    await expect(
      exportBundle(
        fx.vault,
        { out: join(dir.path, 'w.zip'), entries: [fx.seq.withdrawn] },
        { clock: clock() }
      )
    ).rejects.toMatchObject({ code: 'entry-withdrawn' })
    await expect(
      exportBundle(
        fx.vault,
        { out: join(dir.path, 'w.zip'), entries: ['no-such-entry'] },
        { clock: clock() }
      )
    ).rejects.toMatchObject({ code: 'entry-not-found' })
    expect(await readdir(dir.path)).not.toContain('w.zip')
  })

  it('adds extra files (the report, verify.html) to SHA256SUMS like every other file', async () => {
    const out = join(dir.path, 'with-report.zip')
    const seen: number[] = []
    await exportBundle(
      fx.vault,
      {
        out,
        entries: [fx.seq.photos],
        extraFiles: async (ctx) => {
          seen.push(...ctx.entries.map((e) => e.seq))
          const chunks: Uint8Array[] = []
          await ctx.streamAttachment(fx.seq.photos, 0, (block) => {
            chunks.push(Uint8Array.from(block))
          })
          return [
            { path: 'report.html', bytes: utf8(`<h1>${ctx.manifest.bundleId}</h1>`) },
            { path: 'report.pdf', bytes: Buffer.concat(chunks) },
            { path: 'verify.html', bytes: utf8('<script></script>') }
          ]
        }
      },
      { clock: clock() }
    )
    expect(seen).toEqual([fx.seq.photos])
    const files = byName(await readZip(out))
    const sums = files.get('SHA256SUMS')?.toString('utf8') ?? ''
    for (const name of ['report.html', 'report.pdf', 'verify.html'])
      expect(sums).toContain(`${sha256(files.get(name) ?? Buffer.alloc(0))}  ${name}\n`)
    expect((await verifyBundle(out)).ok).toBe(true)
  })

  it('refuses extra files that would replace the bundle’s own, and leaves no file behind', async () => {
    for (const path of [
      'manifest.json',
      'Manifest.JSON',
      'entries/1/x.html',
      '../report.html',
      'a\\b'
    ]) {
      const out = join(dir.path, 'bad.zip')
      await expect(
        exportBundle(
          fx.vault,
          {
            out,
            entries: [fx.seq.note],
            extraFiles: () => Promise.resolve([{ path, bytes: utf8('x') }])
          },
          { clock: clock() }
        )
      ).rejects.toMatchObject({ code: 'invalid-input' })
    }
    expect(
      (await readdir(dir.path)).filter((name) => name.endsWith('.zip') || name.startsWith('.tmp-'))
    ).toEqual([])
  })

  it('a failed export leaves neither the zip, nor a temporary file, nor a custody entry', async () => {
    const out = join(dir.path, 'failed.zip')
    const before = fx.vault.count()
    await expect(
      exportBundle(
        fx.vault,
        { out, entries: 'all', extraFiles: () => Promise.reject(new Error('report failed')) },
        { clock: clock() }
      )
    ).rejects.toThrow('report failed')
    expect(
      (await readdir(dir.path)).filter((n) => n.endsWith('.zip') || n.startsWith('.tmp-'))
    ).toEqual([])
    expect(fx.vault.count()).toBe(before)
    await expect(
      exportBundle(
        fx.vault,
        { out: join(dir.path, 'missing', 'x.zip'), entries: 'all' },
        { clock: clock() }
      )
    ).rejects.toMatchObject({ code: 'file-not-found' })
    expect(fx.vault.count()).toBe(before)
  })

  it('removes the partial zip a killed export of the same bundle left, and nothing else', async () => {
    const out = join(dir.path, 'case.zip')
    const abandoned = `.tmp-case.zip-${'a1'.repeat(6)}`
    const unrelated = [`.tmp-other.zip-${'b2'.repeat(6)}`, 'case.zip-notes.txt']
    for (const name of [abandoned, ...unrelated]) await writeFile(join(dir.path, name), 'evidence')
    await exportBundle(fx.vault, { out, entries: [fx.seq.note] }, { clock: clock() })
    const names = await readdir(dir.path)
    expect(names).not.toContain(abandoned)
    for (const name of unrelated) expect(names).toContain(name)
  })

  it('replaces an existing file at --out atomically when told to overwrite', async () => {
    const out = join(dir.path, 'again.zip')
    await writeFile(out, 'an older bundle')
    const result = await exportBundle(
      fx.vault,
      { out, entries: [fx.seq.note], overwrite: true },
      { clock: clock() }
    )
    expect(sha256(await readFile(out))).toBe(result.sha256)
    expect((await readdir(dir.path)).filter((n) => n.startsWith('.tmp-'))).toEqual([])
  })

  it('streams a large attachment block by block: the zip on disk never falls more than a few blocks behind', async () => {
    const big = join(dir.path, 'video.mp4')
    const size = 64 * 1024 * 1024
    const block = randomBytes(1024 * 1024)
    await writeFile(big, Buffer.concat(Array.from({ length: size / block.length }, () => block)))
    const video = await fx.vault.append({ kind: 'file', title: 'video', payload: {} }, [
      { path: big }
    ])
    const out = join(dir.path, 'video.zip')
    let calls = 0
    let maxLag = 0
    const result = await exportBundle(
      fx.vault,
      { out, entries: [video.seq] },
      {
        clock: clock(),
        onProgress: ({ bytesDone }) => {
          calls++
          const temp = readdirSync(dir.path).find((name) => name.startsWith('.tmp-video.zip'))
          const written = temp === undefined ? 0 : statSync(join(dir.path, temp)).size
          maxLag = Math.max(maxLag, bytesDone - written)
        }
      }
    )
    expect(calls).toBeGreaterThan(10)
    // Whatever is not yet on disk is in memory; holding the file whole would be 64 MiB.
    expect(maxLag).toBeLessThan(12 * 1024 * 1024)
    expect(result.bytes).toBeGreaterThan(size)
    const report = await verifyBundle(out)
    expect(report.problems).toEqual([])
  })
})

describe('bundle file names', () => {
  it('makes recorded names safe to unzip anywhere', () => {
    for (const name of [
      '../../etc/passwd',
      'C:\\Windows\\x.txt',
      'a\u0000b\nc',
      'con.txt',
      'x. ',
      '..',
      '',
      'a:b?.png'
    ]) {
      const safe = safeFileName(name)
      // eslint-disable-next-line no-control-regex
      expect(safe, name).not.toMatch(/[/\\:*?"<>|\u0000-\u001f]|\.\.|^$|[. ]$/)
      expect(safe.toLowerCase(), name).not.toMatch(/^(con|prn|aux|nul)(\.|$)/)
    }
    expect(safeFileName('протокол обыска.png')).toBe('протокол обыска.png')
    expect(Buffer.byteLength(safeFileName(`${'ж'.repeat(300)}.jpeg`))).toBeLessThanOrEqual(200)
    expect(safeFileName(`${'ж'.repeat(300)}.jpeg`).endsWith('.jpeg')).toBe(true)
  })

  it('names attachments by their index and an ASCII extension, whatever their recorded name', () => {
    expect(
      [
        { name: 'протокол обыска.JPEG', mediaType: 'image/jpeg' },
        { name: 'A.PNG', mediaType: 'image/png' },
        { name: 'entry.json', mediaType: 'application/json' },
        { name: 'видео', mediaType: 'video/mp4' },
        { name: 'файл.қаз', mediaType: 'text/plain; charset=utf-8' },
        { name: '../../etc/passwd', mediaType: 'application/octet-stream' },
        { name: 'page.mhtml', mediaType: 'multipart/related' }
      ].map((attachment, index) => attachmentFileName(index, attachment))
    ).toEqual(['0.jpeg', '1.png', '2.json', '3.mp4', '4.txt', '5', '6.mhtml'])
    expect(attachmentFileName(12, { name: 'x', mediaType: '' })).toBe('12')
  })
})
