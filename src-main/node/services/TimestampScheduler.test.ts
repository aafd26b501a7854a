import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { TimestampOutcome } from '../../common/contract/VaultApi'
import type { LocalTsa, TsaPki } from '../testing/localTsa'
import { makeTsaPki, removeTsaPki, startLocalTsa } from '../testing/localTsa'
import { TEST_KDF, TEST_PASSPHRASE, tempDir } from '../testing/testVault'
import { TimestampScheduler } from './TimestampScheduler'
import type { TimestampTarget } from './TimestampScheduler'
import { VaultService } from './VaultService'

/**
 * The app's timestamping clock, on real timers with short intervals, against a real vault
 * and a local RFC 3161 authority. Deadlines are events (a stamp recorded, a number of
 * tries made), never sleeps.
 */
describe('TimestampScheduler', () => {
  let pki: TsaPki
  let tsa: LocalTsa
  let dir: { path: string; remove: () => Promise<void> }
  let service: VaultService
  let scheduler: TimestampScheduler | null = null
  let vaults = 0
  /** every try the scheduler made, and what it came to */
  let tries: (TimestampOutcome | null)[] = []
  const waiters: { done: () => boolean; resolve: () => void }[] = []

  /** The real service, watched: each try is counted as it returns. */
  const target = (): TimestampTarget => ({
    isUnlocked: () => service.isUnlocked(),
    timestampIfDue: async (options) => {
      const outcome = await service.timestampIfDue(options)
      tries.push(outcome)
      for (const w of waiters.splice(0))
        if (w.done()) w.resolve()
        else waiters.push(w)
      return outcome
    }
  })

  function until(done: () => boolean, what: string, ms = 20_000): Promise<void> {
    if (done()) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out waiting for ${what}`))
      }, ms)
      waiters.push({
        done,
        resolve: () => {
          clearTimeout(timer)
          resolve()
        }
      })
    })
  }

  const stamped = () => tries.filter((o) => o?.anchor != null)

  async function newVault(setting: { enabled: boolean }): Promise<void> {
    await service.createVault(join(dir.path, `vault-${++vaults}`), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    })
    await service.setTimestamping({
      enabled: setting.enabled,
      authorities: [tsa.url],
      trustedCas: [pki.rootPem]
    })
    await service.addNote({ title: 'Звонок с угрозой' })
  }

  beforeAll(async () => {
    pki = await makeTsaPki()
    tsa = await startLocalTsa(pki)
    dir = await tempDir('dalel-stamping-')
  })
  afterAll(async () => {
    await tsa.close()
    await removeTsaPki(pki)
    await dir.remove()
  })
  beforeEach(() => {
    service = new VaultService({ clock: { now: () => new Date() } })
    tries = []
    tsa.setMode('ok')
  })
  afterEach(async () => {
    await scheduler?.stop()
    scheduler = null
    await service.lock()
  })

  it('stamps the uncovered head once started, and tells of the anchor', async () => {
    await newVault({ enabled: true })
    const heard: TimestampOutcome[] = []
    scheduler = new TimestampScheduler(target(), {
      retryMs: 60_000,
      onStamped: (outcome) => heard.push(outcome)
    })
    await scheduler.afterCall('unlock')
    await until(() => stamped().length === 1, 'the first stamp')
    await scheduler.stop()
    expect(heard).toHaveLength(1)
    expect(heard[0]?.covered.seq).toBe(2)
    expect(service.timestamping().uncovered).toBe(false)
  })

  it('asks no authority while the vault’s setting is off', async () => {
    await newVault({ enabled: false })
    const asked = tsa.answered
    scheduler = new TimestampScheduler(target(), { retryMs: 10 })
    scheduler.start()
    await until(() => tries.length >= 5, 'five tries')
    expect(tries.every((o) => o === null)).toBe(true)
    expect(tsa.answered).toBe(asked)
  })

  it('keeps retrying while no authority gives a token, and stamps once one does', async () => {
    await newVault({ enabled: true })
    tsa.setMode('rejection')
    scheduler = new TimestampScheduler(target(), { retryMs: 20 })
    scheduler.start()
    await until(() => tries.length >= 3, 'three refused tries')
    expect(stamped()).toEqual([])
    expect(service.list({ kinds: ['anchor'] })).toHaveLength(1) // the setting only
    tsa.setMode('ok')
    await until(() => stamped().length === 1, 'a stamp once the authority answers')
    expect(service.timestamping().uncovered).toBe(false)
  })

  it('stamps right after a capture, without waiting for the retry', async () => {
    await newVault({ enabled: true })
    scheduler = new TimestampScheduler(target(), { retryMs: 3_600_000 })
    scheduler.start()
    await until(() => stamped().length === 1, 'the first stamp')
    await service.addNote({ title: 'после метки' })
    await scheduler.afterCall('addNote')
    expect(service.timestamping().uncovered).toBe(true)
    await scheduler.afterCall('captureUrl')
    await until(() => stamped().length === 2, 'the stamp after the capture')
    expect(stamped()[1]?.covered.seq).toBe(4)
  })

  it('stops when the vault is locked and asks nothing after', async () => {
    await newVault({ enabled: true })
    scheduler = new TimestampScheduler(target(), { retryMs: 10 })
    scheduler.start()
    await until(() => stamped().length === 1, 'the first stamp')
    await service.lock()
    await scheduler.afterCall('lock')
    expect(scheduler.isRunning).toBe(false)
    const count = tries.length
    // A second scheduler with the same interval is the clock for "nothing happened since":
    // five of its ticks are five of the stopped one's retries that did not come.
    let ticks = 0
    const ticking = new TimestampScheduler(
      {
        isUnlocked: () => true,
        timestampIfDue: () => {
          ticks += 1
          return Promise.resolve(null)
        }
      },
      { retryMs: 10 }
    )
    ticking.start()
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (ticks >= 5) {
          clearInterval(check)
          resolve()
        }
      }, 5)
    })
    await ticking.stop()
    expect(tries.length).toBe(count)
  })
})
