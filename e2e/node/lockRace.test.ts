import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deadPid } from '../../src-main/node/testing/deadPid'
import { bundleForChild, spawnKillableChild } from '../../src-main/node/testing/killableChild'
import type { ChildExit } from '../../src-main/node/testing/killableChild'
import { TEST_PASSPHRASE, createTestVault, tempDir } from '../../src-main/node/testing/testVault'
import { Vault } from '../../src-main/node/vault/Vault'
import { LOCK_FILE } from '../../src-main/node/vault/vaultLock'
import { NOTES_PER_WRITER } from './lockRaceChild'

/**
 * Issue 15, item 2: a stale vault.lock (what every crash, SIGKILL or power cut leaves) and
 * several writers started together. Before the fix, every writer that saw the stale lock
 * removed it and took one of its own, so two of them appended at the same journal offset:
 * acknowledged entries vanished, or journal.bin was left damaged and the vault would not open.
 *
 * Each round leaves a stale lock (a dead process's pid, or an empty file as a crash between
 * creating the lock and writing the pid leaves it), starts WRITERS child processes
 * (lockRaceChild.ts) that each warm up and then wait, lets them all go at once, and then
 * checks that the vault opens, verifies, and holds every entry any writer saw acknowledged.
 * Exactly the writers that did not get the vault say so with `vault-in-use`; none fails
 * otherwise, and at least one writes (a stale lock never keeps everybody out).
 */
const WRITERS = 8
const ROUNDS = Number(process.env.DALEL_LOCK_RACE_ROUNDS ?? 20)

interface WriterRun extends ChildExit {
  acks: string[]
  refused: boolean
}

let work: { path: string; remove: () => Promise<void> }
let childScript: string

beforeAll(async () => {
  childScript = await bundleForChild('e2e/node/lockRaceChild.ts', 'dalel-lock-race')
  work = await tempDir('dalel-lock-race-')
})
afterAll(async () => {
  await work.remove()
})

/** Starts WRITERS children, waits until all are warm, lets them go at once, and collects them. */
async function race(vaultPath: string): Promise<WriterRun[]> {
  let warm = 0
  let allWarm = (): void => undefined
  const ready = new Promise<void>((resolve) => {
    allWarm = resolve
  })
  const runs = Array.from({ length: WRITERS }, (_, writer) => {
    const acks: string[] = []
    let refused = false
    const child = spawnKillableChild(childScript, [vaultPath, String(writer)], {
      env: { DALEL_PASSPHRASE: TEST_PASSPHRASE },
      stdin: 'pipe',
      onLine: (line) => {
        const [word, value] = line.split(' ')
        if (word === 'warm' && ++warm === WRITERS) allWarm()
        if (word === 'ack' && value !== undefined) acks.push(value)
        if (word === 'refused' && value === 'vault-in-use') refused = true
      }
    })
    return { child, acks, isRefused: () => refused }
  })
  try {
    // A child that dies before it is warm would keep the round waiting: stop at its exit.
    await Promise.race([
      ready,
      ...runs.map(async ({ child }) => {
        const exit = await child.exited()
        throw new Error(`a writer ended before the start: ${exit.stderr}`)
      })
    ])
    for (const { child } of runs) child.go()
    return await Promise.all(
      runs.map(async ({ child, acks, isRefused }) => ({
        ...(await child.exited()),
        acks,
        refused: isRefused()
      }))
    )
  } finally {
    for (const { child } of runs) child.dispose()
  }
}

describe('writers started together against a stale vault.lock', () => {
  it(
    'lose no acknowledged entry and leave a vault that opens and verifies',
    async () => {
      const vaultPath = join(work.path, 'vault')
      const created = await createTestVault(vaultPath)
      const recoveryCode = created.recoveryCode
      await created.vault.close()
      const acknowledged: string[] = []
      for (let round = 1; round <= ROUNDS; round++) {
        const stale = round % 2 === 1 ? String(await deadPid()) : ''
        await writeFile(join(vaultPath, LOCK_FILE), stale, { mode: 0o600 })
        const where = `round ${round} of ${ROUNDS} (stale lock "${stale}")`
        const runs = await race(vaultPath)
        for (const run of runs) acknowledged.push(...run.acks)

        const vault = await Vault.open(
          vaultPath,
          { recoveryCode },
          { readOnly: true },
          { clock: { now: () => new Date() } }
        )
        try {
          const missing = acknowledged.filter((id) => {
            try {
              vault.get(id)
              return false
            } catch {
              return true
            }
          })
          expect(missing, `${where}: acknowledged entries missing`).toEqual([])
          expect(vault.count(), where).toBe(acknowledged.length)
          const report = await vault.verify()
          expect(report.ok, `${where}: ${JSON.stringify(report)}`).toBe(true)
        } finally {
          await vault.close()
        }
        for (const run of runs) {
          const said = `${where}: exit ${run.code}, stderr ${run.stderr}`
          expect(run.code, said).toBe(0)
          // A writer either got the vault and wrote all its notes, or was refused.
          expect(run.refused ? 0 : NOTES_PER_WRITER, said).toBe(run.acks.length)
        }
        expect(
          runs.some((run) => !run.refused),
          `${where}: every writer was refused`
        ).toBe(true)
      }
    },
    ROUNDS * 30_000
  )
})
