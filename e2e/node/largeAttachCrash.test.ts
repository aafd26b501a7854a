import { createHash, randomFillSync } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleForChild, spawnKillableChild } from '../../src-main/node/testing/killableChild'
import type { ChildExit } from '../../src-main/node/testing/killableChild'
import { tempFilesIn } from '../../src-main/node/testing/tempFilesIn'
import {
  TEST_PASSPHRASE,
  createTestVault,
  steppingClock,
  tempDir
} from '../../src-main/node/testing/testVault'
import { Vault } from '../../src-main/node/vault/Vault'
import { largeSourceName } from './largeAttachCrashChild'

/*
 * SIGKILL while a large attachment is written past the page cache (O_DIRECT, DirectWriter):
 * in the middle of the file, right after its last byte is written (before the fsync, the
 * rename and the journal record), and right after the entry is acknowledged. Whatever was
 * acknowledged must reopen with its exact bytes; nothing else may be left behind.
 */
const MiB = 1024 * 1024
/** Entries to attach: each file is over the two-thread threshold (32 MiB), none a whole block. */
const FILES = 3
const sizeOf = (seq: number): number => 36 * MiB + 1000 * seq + 7

/** Where each round's kill is aimed: a `sealed` line at or past a share of the file, or `ack`. */
const AIMS = [0.25, 1, 'ack', 0.6, 1, 'ack', 0.1, 'ack', 1, 'ack'] as const

let work: Awaited<ReturnType<typeof tempDir>>
let childScript: string
beforeAll(async () => {
  childScript = await bundleForChild('e2e/node/largeAttachCrashChild.ts', 'dalel-large-crash')
  work = await tempDir('dalel-large-crash-')
})
afterAll(async () => {
  await work.remove()
})

/** Runs the child once; kills it where `aim` says in the entry it is storing. */
async function runAndKill(
  vaultPath: string,
  sources: string,
  aim: (typeof AIMS)[number] | null
): Promise<ChildExit> {
  const child = spawnKillableChild(childScript, [vaultPath, sources], {
    env: { DALEL_PASSPHRASE: TEST_PASSPHRASE, DALEL_LARGE_FILES: String(FILES) },
    stdin: 'pipe',
    onLine: (line, self) => {
      const [word, seq, bytes] = line.split(' ')
      if (aim === 'ack' && word === 'ack') self.killAfter(0)
      if (typeof aim === 'number' && word === 'sealed' && seq !== undefined && bytes !== undefined)
        if (Number(bytes) >= aim * sizeOf(Number(seq))) self.killAfter(0)
    }
  })
  try {
    child.go()
    return await child.exited()
  } finally {
    child.dispose()
  }
}

describe('a crash while a large attachment is written past the page cache', () => {
  it('keeps every acknowledged attachment byte for byte and leaves nothing else', async () => {
    const vaultPath = join(work.path, 'vault')
    const sources = join(work.path, 'sources')
    const { vault } = await createTestVault(vaultPath)
    await vault.close()
    await mkdir(sources)
    const sha256 = new Map<number, string>()
    for (let seq = 1; seq <= FILES; seq++) {
      const bytes = randomFillSync(Buffer.alloc(sizeOf(seq)))
      await writeFile(join(sources, largeSourceName(seq)), bytes)
      sha256.set(seq, createHash('sha256').update(bytes).digest('hex'))
    }
    const acknowledged = new Map<number, string>()
    const killedAt: string[] = []
    for (let round = 0; round <= AIMS.length && acknowledged.size < FILES; round++) {
      const aim = AIMS[round] ?? null
      const run = await runAndKill(vaultPath, sources, aim)
      if (aim !== null) killedAt.push(`${String(aim)}: ${run.last}`)
      if (aim === null) expect(run.code, run.stderr).toBe(0)
      else expect(run.signal, `round ${round}: ${run.stderr}`).toBe('SIGKILL')
      for (const line of run.stdout.split('\n')) {
        const [word, seq, id] = line.split(' ')
        if (word === 'ack' && seq !== undefined && id !== undefined)
          acknowledged.set(Number(seq), id)
      }
      const reopened = await Vault.open(
        vaultPath,
        { passphrase: TEST_PASSPHRASE },
        {},
        { clock: steppingClock() }
      )
      try {
        // Whatever the kill interrupted is gone: no temporary file survives the reopening.
        expect(await tempFilesIn(vaultPath), `round ${round}`).toEqual([])
        expect(reopened.count(), `round ${round}`).toBe(acknowledged.size)
        for (const [seq, id] of acknowledged) {
          const attachment = reopened.get(id).entry?.attachments[0]
          expect(attachment?.sha256, `#${seq} after round ${round}`).toBe(sha256.get(seq))
          expect(attachment?.size).toBe(sizeOf(seq))
          const plain = await reopened.readAttachment(seq, 0)
          expect(createHash('sha256').update(plain).digest('hex')).toBe(sha256.get(seq))
        }
        expect((await reopened.verify()).problems, `round ${round}`).toEqual([])
      } finally {
        await reopened.close()
      }
    }
    expect(acknowledged.size, `kills landed at: ${killedAt.join('; ')}`).toBe(FILES)
    // The kills aimed mid-file and after the last byte landed there, not only between entries.
    expect(killedAt.filter((k) => /: sealed /.test(k)).length).toBeGreaterThanOrEqual(2)
  }, 240_000)
})
