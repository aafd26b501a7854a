import { readFile, readdir, stat, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleForChild, spawnKillableChild } from '../testing/killableChild'
import { TEST_PASSPHRASE, createTestVault, steppingClock, tempDir } from '../testing/testVault'
import { BLOBS_DIR, JOURNAL_FILE, Vault } from './Vault'

/**
 * What a crash can leave on disk, produced for real: a process killed with SIGKILL in the
 * middle of a withdrawal's purge, and a journal that a file system extended with zeros
 * without the data of the last write (as XFS, ext4 data=writeback or FAT do on power loss).
 */

let work: { path: string; remove: () => Promise<void> }
/** Vault.ts bundled, for the child to import */
let vaultBundle: string

beforeAll(async () => {
  vaultBundle = await bundleForChild('src-main/node/vault/Vault.ts', 'dalel-vault-test')
  work = await tempDir('dalel-leftovers-')
})
afterAll(async () => {
  await work.remove()
})

function open(path: string, readOnly = false): Promise<Vault> {
  return Vault.open(path, { passphrase: TEST_PASSPHRASE }, { readOnly }, { clock: steppingClock() })
}

async function blobFiles(vaultPath: string): Promise<string[]> {
  const names: string[] = []
  for (const folder of await readdir(join(vaultPath, BLOBS_DIR)))
    names.push(...(await readdir(join(vaultPath, BLOBS_DIR, folder))))
  return names
}

/**
 * Runs a child that opens the vault and withdraws entry 1, and kills itself with SIGKILL at
 * the moment it starts deleting a blob: after the compaction that took the content out of
 * the snapshot and the journal, before the blob is gone. fs.promises.rm is replaced before
 * the vault code runs, and syncBuiltinESMExports makes its `import { rm }` see the change.
 */
async function withdrawAndDieBeforeBlobDeletion(vaultPath: string, targetId: string) {
  const script = join(work.path, 'child.mjs')
  await writeFile(
    script,
    `import fsp from 'node:fs/promises'
import { syncBuiltinESMExports } from 'node:module'
const rm = fsp.rm
fsp.rm = (path, options) => {
  if (String(path).includes('/${BLOBS_DIR}/')) process.kill(process.pid, 'SIGKILL')
  return rm(path, options)
}
syncBuiltinESMExports()
const { Vault } = await import(${JSON.stringify(pathToFileURL(vaultBundle).href)})
const vault = await Vault.open(process.argv[2], { passphrase: process.env.DALEL_PASSPHRASE }, {}, { clock: { now: () => new Date() } })
await vault.append({ kind: 'withdrawal', title: 'withdrawn', payload: { target: { seq: 1, id: process.argv[3] }, reason: 'test' } })
process.stdout.write('survived\\n')
`
  )
  const child = spawnKillableChild(script, [vaultPath, targetId], {
    env: { DALEL_PASSPHRASE: TEST_PASSPHRASE }
  })
  const { code, signal, stdout, stderr } = await child.exited()
  return { code, signal, output: stdout + stderr }
}

describe('what a crash leaves behind', () => {
  it('deletes the blob of a withdrawn entry that a kill during the purge left, on the next writable open', async () => {
    const vaultPath = join(work.path, 'purge')
    const source = join(work.path, 'evidence.txt')
    await writeFile(source, 'the withdrawn attachment')
    const { vault } = await createTestVault(vaultPath)
    const file = await vault.append({ kind: 'file', title: 'to withdraw', payload: {} }, [
      { path: source }
    ])
    await vault.close()
    const [blob = ''] = await blobFiles(vaultPath)
    expect(blob).toMatch(/^[0-9a-f]{64}$/)

    const run = await withdrawAndDieBeforeBlobDeletion(vaultPath, file.id)
    expect(run, run.output).toMatchObject({ signal: 'SIGKILL' })
    // The condition: the withdrawal is compacted away (an empty journal), its blob remains.
    expect(await blobFiles(vaultPath)).toEqual([blob])
    expect((await stat(join(vaultPath, JOURNAL_FILE))).size).toBe(16)

    // Read-only, nothing is deleted: verify names the leftover.
    const reader = await open(vaultPath, true)
    expect(reader.get(1).withdrawnBy).toBe(2)
    const report = await reader.verify()
    expect(report.ok).toBe(true)
    expect(report.warnings).toEqual([
      expect.objectContaining({
        code: 'blob-unreferenced',
        file: `${BLOBS_DIR}/${blob.slice(0, 2)}/${blob}`
      })
    ])
    await reader.close()
    expect(await blobFiles(vaultPath)).toEqual([blob])

    // Writable, the purge is finished and said so.
    const writer = await open(vaultPath)
    expect(writer.notices).toEqual([{ code: 'unreferenced-blobs-removed', params: { count: 1 } }])
    expect(await blobFiles(vaultPath)).toEqual([])
    expect(await writer.verify()).toMatchObject({ ok: true, warnings: [] })
    await writer.close()
    const clean = await open(vaultPath)
    expect(clean.notices).toEqual([])
    await clean.close()
  })

  it("keeps, on a writable open, a withdrawn entry's blob that a live entry also refers to", async () => {
    const vaultPath = join(work.path, 'shared')
    const source = join(work.path, 'shared.txt')
    await writeFile(source, 'one file attached twice')
    const { vault } = await createTestVault(vaultPath)
    const first = await vault.append({ kind: 'file', title: 'first', payload: {} }, [
      { path: source }
    ])
    await vault.append({ kind: 'file', title: 'second', payload: {} }, [{ path: source }])
    await vault.close()
    // The purge deletes no blob here, so the child is never killed.
    const run = await withdrawAndDieBeforeBlobDeletion(vaultPath, first.id)
    expect(run).toMatchObject({ code: 0, output: 'survived\n' })
    const writer = await open(vaultPath)
    expect(writer.notices).toEqual([])
    expect(await blobFiles(vaultPath)).toHaveLength(1)
    expect(Buffer.from(await writer.readAttachment(2, 0)).toString()).toBe(
      'one file attached twice'
    )
    await writer.close()
  })

  async function vaultWithTwoRecords(name: string) {
    const vaultPath = join(work.path, name)
    const { vault } = await createTestVault(vaultPath)
    await vault.append({ kind: 'note', title: 'acknowledged', payload: {} })
    const journalPath = join(vaultPath, JOURNAL_FILE)
    const acknowledged = (await stat(journalPath)).size
    await vault.append({ kind: 'note', title: 'lost', payload: { body: 'x'.repeat(1500) } })
    await vault.close()
    return { vaultPath, journalPath, acknowledged, whole: (await stat(journalPath)).size }
  }

  it('treats zeros that a file system appended after the last record as a torn tail', async () => {
    const { vaultPath, journalPath, whole } = await vaultWithTwoRecords('zeros-after')
    // Extending a file with ftruncate fills it with zeros, as a file system does when it
    // recorded a new size but not the data written there.
    await truncate(journalPath, whole + 4096)
    const reader = await open(vaultPath, true)
    expect(reader.count()).toBe(2)
    expect(reader.notices).toEqual([{ code: 'torn-journal-tail', params: { bytes: 4096 } }])
    expect((await reader.verify()).warnings.map((w) => w.code)).toEqual(['torn-journal-tail'])
    await reader.close()
    expect((await stat(journalPath)).size).toBe(whole + 4096)

    const writer = await open(vaultPath)
    expect(writer.count()).toBe(2)
    await writer.append({ kind: 'note', title: 'after the zeros', payload: {} })
    expect((await writer.verify()).ok).toBe(true)
    await writer.close()
    const again = await open(vaultPath, true)
    expect([again.count(), again.notices]).toEqual([3, []])
    await again.close()
  })

  it('treats a last record whose data became zeros from a sector boundary on as a torn tail', async () => {
    const { vaultPath, journalPath, acknowledged, whole } = await vaultWithTwoRecords('zeros-in')
    // The last record's length survived, the sectors after the first boundary inside it did
    // not: they read as zeros, and the file system's size runs on to a block's end.
    const boundary = Math.ceil((acknowledged + 8 + 1) / 512) * 512
    expect(boundary).toBeLessThan(whole)
    const bytes = await readFile(journalPath)
    const cut = Buffer.concat([bytes.subarray(0, boundary), Buffer.alloc(whole - boundary + 100)])
    await writeFile(journalPath, cut)

    const writer = await open(vaultPath)
    expect(writer.notices).toEqual([
      { code: 'torn-journal-tail', params: { bytes: cut.length - acknowledged } }
    ])
    expect(writer.count()).toBe(1)
    expect(writer.get(1).entry?.title).toBe('acknowledged')
    await writer.close()
    expect((await stat(journalPath)).size).toBe(acknowledged)
  })

  it('still calls a damaged last record corruption when anything but zeros follows the damage', async () => {
    const { vaultPath, journalPath, whole } = await vaultWithTwoRecords('damaged')
    const bytes = await readFile(journalPath)
    // Zeros inside the record, but its last bytes intact: not a cut, a damaged record.
    bytes.fill(0, whole - 200, whole - 20)
    await writeFile(journalPath, bytes)
    await expect(open(vaultPath)).rejects.toMatchObject({ code: 'vault-corrupt' })
    expect((await stat(journalPath)).size).toBe(whole)
  })
})
