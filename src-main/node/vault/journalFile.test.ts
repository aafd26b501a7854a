import { appendFile, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/loadSodium'
import { secureRandom } from '../crypto/secureRandom'
import { tempDir } from '../testing/testVault'
import { JournalWriter, parseJournal, writeEmptyJournal } from './journalFile'

const VAULT_ID = '01890a5d-ac96-774b-bcce-b302099a8057'

let dir: { path: string; remove: () => Promise<void> }
beforeEach(async () => {
  dir = await tempDir('dalel-journal-')
})
afterEach(async () => {
  await dir.remove()
})

async function openWriter(path: string, key: Uint8Array): Promise<JournalWriter> {
  const sodium = await loadSodium()
  const contents = parseJournal(sodium, await readFile(path), key, VAULT_ID)
  return JournalWriter.open(sodium, path, VAULT_ID, contents)
}

describe('JournalWriter', () => {
  it('refuses to append, writing nothing, when journal.bin grew behind its back', async () => {
    const path = join(dir.path, 'journal.bin')
    const key = secureRandom(32)
    await writeEmptyJournal(path, 1)
    const first = await openWriter(path, key)
    // A second writer that got past the lock: it appends at the same offset first.
    const second = await openWriter(path, key)
    await second.append(new TextEncoder().encode('second writer'), key)
    const after = await readFile(path)
    await expect(first.append(new TextEncoder().encode('first writer'), key)).rejects.toMatchObject(
      { code: 'vault-written-elsewhere', params: { file: 'journal.bin' } }
    )
    expect(await readFile(path)).toEqual(after)
    const sodium = await loadSodium()
    const records = parseJournal(sodium, await readFile(path), key, VAULT_ID).records
    expect(records.map((r) => new TextDecoder().decode(r))).toEqual(['second writer'])
    await first.close()
    await second.close()
  })

  it('refuses to append when journal.bin was replaced (a compaction elsewhere)', async () => {
    const path = join(dir.path, 'journal.bin')
    const key = secureRandom(32)
    await writeEmptyJournal(path, 1)
    const writer = await openWriter(path, key)
    await writer.append(new TextEncoder().encode('one'), key)
    await writeEmptyJournal(join(dir.path, 'next'), 2)
    await rename(join(dir.path, 'next'), path)
    await expect(writer.append(new TextEncoder().encode('two'), key)).rejects.toMatchObject({
      code: 'vault-written-elsewhere'
    })
    expect((await readFile(path)).length).toBe(16)
    await writer.close()
  })

  it('refuses to append when bytes were added at the end by anything else', async () => {
    const path = join(dir.path, 'journal.bin')
    const key = secureRandom(32)
    await writeEmptyJournal(path, 1)
    const writer = await openWriter(path, key)
    await appendFile(path, Buffer.alloc(3, 7))
    await expect(writer.append(new TextEncoder().encode('x'), key)).rejects.toMatchObject({
      code: 'vault-written-elsewhere'
    })
    expect((await readFile(path)).length).toBe(19)
    await writer.close()
  })
})
