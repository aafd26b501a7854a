import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VaultService } from '../../src-main/node/services/VaultService'
import { WatchScheduler } from '../../src-main/node/services/WatchScheduler'
import type { WatchChange } from '../../src-main/node/services/WatchScheduler'
import { TEST_KDF, TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { AvailabilityServer } from '../fixtures/AvailabilityServer'

/**
 * The watch list's scheduler over a real vault and a site on 127.0.0.1 that goes down and
 * comes back: it probes on its interval, tells each change of state, keeps the history, and
 * after stop() records nothing more.
 */
describe('WatchScheduler', () => {
  const site = new AvailabilityServer()
  const service = new VaultService({ clock: { now: () => new Date() } })
  let dir = ''

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dalel-watch-'))
    await site.start()
    await service.createVault(join(dir, 'vault'), {
      passphrase: TEST_PASSPHRASE,
      author: 'Айгерим',
      kdfLimits: TEST_KDF
    })
  })
  afterAll(async () => {
    await service.lock()
    await site.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('probes each watched URL on its interval, tells every change of state, and stops', async () => {
    const changes: WatchChange[] = []
    let wake = () => {}
    const scheduler = new WatchScheduler(service, {
      toolVersion: '0.1.0-test',
      timeoutMs: 2000,
      onChange: (change) => {
        changes.push(change)
        wake()
      }
    })
    const changed = async (n: number) => {
      while (changes.length < n) await new Promise<void>((resolve) => (wake = resolve))
    }
    const probes = () => service.list({ kinds: ['probe'] }).length
    await site.setMode('ok')
    scheduler.start([{ url: site.url, everySeconds: 1 }])
    while (probes() < 1) await new Promise((resolve) => setTimeout(resolve, 50))
    await site.setMode({ status: 503 })
    await changed(1)
    await site.setMode('ok')
    await changed(2)
    await scheduler.stop()
    const after = probes()
    expect(changes.map((c) => [c.before, c.after])).toEqual([
      ['up', 'unavailable'],
      ['unavailable', 'up']
    ])
    const [summary] = scheduler.status([site.url])
    expect(summary).toMatchObject({ url: site.url, current: 'up' })
    expect(summary?.failed).toBeGreaterThanOrEqual(1)
    expect(summary?.firstFailure).toBeDefined()
    expect(summary?.longestOutage?.to).toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(probes()).toBe(after)
    expect((await service.verify()).ok).toBe(true)
  })
})
