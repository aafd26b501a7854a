// Bundles as the version before ASCII names wrote them, and as a lawyer's archiver re-packs
// them: for the tests that old bundles with Cyrillic file names still verify.
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { BundleManifest } from '../../common/bundle/bundleLayout'
import { entryJsonPath, safeFileName } from '../../common/bundle/bundleLayout'
import { canonicalJson } from '../../common/encoding/canonicalJson'
import { recomputedSums } from './zipTestTools'

interface File {
  name: string
  bytes: Buffer
}

/**
 * The bundle's files with each attachment under its recorded name (`entries/3/протокол.png`),
 * as bundles were named before `<index>.<ext>` (FORMATS: made safe, `<index>-` in front of a
 * name taken twice); the
 * manifest and SHA256SUMS rewritten to match, and SHA256SUMS signed again with the vault key.
 */
export function withOldNames(
  files: readonly File[],
  signSums: (sums: Uint8Array) => Uint8Array
): File[] {
  const text = (name: string) => files.find((f) => f.name === name)?.bytes.toString('utf8') ?? ''
  const manifest = JSON.parse(text('manifest.json')) as BundleManifest
  const renamed = new Map<string, string>()
  for (const entry of manifest.entries) {
    const recorded = JSON.parse(text(entryJsonPath(entry.seq))) as {
      entry: { attachments?: { name: string }[] }
    }
    // As they were named then: the recorded name made safe, and every name taken twice in
    // the entry (letter case aside, entry.json among them) with its index in front.
    const safe = entry.files.map((f) => {
      const index = f.attachment
      const name = index === undefined ? undefined : recorded.entry.attachments?.[index]?.name
      return name === undefined ? undefined : safeFileName(name)
    })
    const taken = new Map<string, number>([['entry.json', 1]])
    for (const name of safe)
      if (name !== undefined)
        taken.set(name.toLowerCase(), (taken.get(name.toLowerCase()) ?? 0) + 1)
    entry.files.forEach((f, i) => {
      const name = safe[i]
      if (name === undefined) return
      const old = `entries/${entry.seq}/${(taken.get(name.toLowerCase()) ?? 0) > 1 ? `${f.attachment}-` : ''}${name}`
      renamed.set(f.path, old)
      f.path = old
    })
  }
  const kept = files
    .filter((f) => f.name !== 'SHA256SUMS' && f.name !== 'SHA256SUMS.sig')
    .map((f) =>
      f.name === 'manifest.json'
        ? { name: f.name, bytes: Buffer.from(canonicalJson(manifest)) }
        : { name: renamed.get(f.name) ?? f.name, bytes: f.bytes }
    )
  const sums = recomputedSums(kept)
  return [
    ...kept,
    { name: 'SHA256SUMS', bytes: sums },
    { name: 'SHA256SUMS.sig', bytes: Buffer.from(signSums(sums)) }
  ]
}

/**
 * Unzipped into `folder` and zipped again with Info-ZIP's `zip` in the C locale, as on a
 * machine without a UTF-8 locale: each name stored as the file system's bytes (UTF-8), with
 * no UTF-8 flag and no Unicode Path field.
 */
export async function infoZip(files: readonly File[], folder: string, out: string): Promise<void> {
  for (const f of files) {
    await mkdir(dirname(join(folder, f.name)), { recursive: true })
    await writeFile(join(folder, f.name), f.bytes)
  }
  execFileSync('zip', ['-q', '-r', '-X', out, '.'], {
    cwd: folder,
    env: { PATH: process.env.PATH }
  })
}
