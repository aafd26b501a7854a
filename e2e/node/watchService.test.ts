import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WatchProbeEvent } from '../../src-main/common/contract/WatchApi'
import { VaultService } from '../../src-main/node/services/VaultService'
import { WatchService } from '../../src-main/node/services/WatchService'
import { TEST_KDF, TEST_PASSPHRASE } from '../../src-main/node/testing/testVault'
import { AvailabilityServer } from '../fixtures/AvailabilityServer'

/** Every file under `dir`, read whole. */
async function allBytes(dir: string): Promise<Buffer[]> {
  const out: Buffer[] = []
  for (const name of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (name.isFile()) out.push(await readFile(join(name.parentPath, name.name)))
  return out
}

/**
 * The app's watch list over real vaults and sites on 127.0.0.1: the list is kept in the vault
 * (encrypted, as `watch` entries), probing starts when a vault opens and halts when it
 * locks, each probe is told and each change of state is marked.
 */
describe('WatchService', () => {
  const site = new AvailabilityServer()
  const service = new VaultService({ clock: { now: () => new Date() } })
  const events: WatchProbeEvent[] = []
  let wake = () => {}
  const watch = new WatchService(service, {
    toolVersion: '0.1.0-test',
    timeoutMs: 1500,
    onProbe: (event) => {
      events.push(event)
      wake()
    }
  })
  /** Resolves once `test` holds of the events heard so far. */
  const heard = async (test: (all: WatchProbeEvent[]) => boolean): Promise<void> => {
    while (!test(events)) await new Promise<void>((resolve) => (wake = resolve))
  }
  let dir = ''
  let vaultA = ''
  let vaultB = ''
  const secret = { passphrase: TEST_PASSPHRASE }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dalel-watchservice-'))
    vaultA = join(dir, 'a')
    vaultB = join(dir, 'b')
    await site.start()
    for (const path of [vaultB, vaultA])
      await service.createVault(path, { passphrase: TEST_PASSPHRASE, kdfLimits: TEST_KDF })
  })
  afterAll(async () => {
    await service.lock()
    await watch.settled()
    await site.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('keeps the list in the vault, tells each change of state, halts on lock and resumes on unlock', async () => {
    await site.setMode('ok')
    const listed = await watch.add(site.url, 1)
    expect(listed).toMatchObject([{ url: site.url, everySeconds: 1 }])
    await heard((all) => all.some((e) => e.after === 'up'))
    await site.setMode({ status: 503 })
    await heard((all) => all.some((e) => e.before === 'up' && e.after === 'unavailable'))
    await site.setMode('ok')
    await heard((all) => all.some((e) => e.before === 'unavailable' && e.after === 'up'))
    // Only the probes that changed the state carry `before`, and they name the probe entry.
    expect(events.filter((e) => e.before !== undefined).map((e) => [e.before, e.after])).toEqual([
      ['up', 'unavailable'],
      ['unavailable', 'up']
    ])
    const marked = events.find((e) => e.before !== undefined)
    expect(service.getEntry(String(marked?.seq)).entry?.kind).toBe('probe')

    const [item] = watch.list()
    expect(item).toMatchObject({ url: site.url, current: 'up' })
    expect(item?.failed).toBeGreaterThanOrEqual(1)
    expect(item?.shareFailed).toBeGreaterThan(0)
    expect(item?.firstFailure).toBeDefined()
    expect(item?.longestOutage?.to).toBeDefined()
    const history = watch.history(site.url)
    expect(history.watched).toBe(true)
    const times = history.points.map((p) => p.at)
    expect(times).toEqual([...times].sort().reverse())
    expect(history.outages).toHaveLength(1)

    // Locking halts at once: after the probe under way, the site hears nothing more.
    await service.lock()
    expect(watch.running).toBe(false)
    await watch.settled()
    const hits = site.hits
    const heardBefore = events.length
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(site.hits).toBe(hits)
    expect(events.length).toBe(heardBefore)

    // The list came back from the vault itself, and probing resumes with the unlock.
    await service.unlock(vaultA, secret)
    expect(watch.running).toBe(true)
    expect(watch.list().map((w) => w.url)).toEqual([site.url])
    await heard((all) => all.length > heardBefore)
    const [change] = service.list({ kinds: ['watch'] })
    expect(change?.entry?.payload).toEqual({
      change: 'add',
      url: site.url,
      watched: [{ url: site.url, everySeconds: 1 }]
    })
    expect((await service.verify()).ok).toBe(true)
    // Encrypted like every entry: no file of the vault names the watched address.
    await service.lock()
    await watch.settled()
    const host = Buffer.from(new URL(site.url).host)
    for (const bytes of await allBytes(vaultA)) expect(bytes.includes(host)).toBe(false)
  })

  it('drops a probe still on the network when the vault locks, so it never lands in the next vault', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    await service.unlock(vaultA, secret)
    // Once an hour: only the probe that opening the vault starts goes out below.
    await watch.add(site.url, 3600)
    await service.lock()
    await watch.settled()
    await site.setMode('hang')
    const hits = site.hits
    await service.unlock(vaultA, secret)
    const probesBefore = service.list({ kinds: ['probe'] }).length
    while (site.hits === hits) await sleep(20)
    // The probe waits on the hanging site (1.5 s limit) while A locks and B opens.
    await service.unlock(vaultB, secret)
    await watch.settled()
    expect(service.list({ kinds: ['probe'] })).toEqual([])
    await service.unlock(vaultA, secret)
    expect(service.list({ kinds: ['probe'] })).toHaveLength(probesBefore)
    await service.lock()
    await watch.settled()
  })

  it('stops watching a removed address, keeps its history, and refuses what it cannot watch', async () => {
    await service.unlock(vaultA, secret)
    await site.setMode('ok')
    expect(await watch.remove(site.url)).toEqual([])
    await watch.settled()
    const hits = site.hits
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(site.hits).toBe(hits)
    expect(watch.history(site.url).watched).toBe(false)
    expect(service.list({ kinds: ['watch'] })[0]?.entry?.title).toBe(`− ${site.url}`)
    const refused = async (call: () => Promise<unknown>) => {
      try {
        await call()
        return null
      } catch (error) {
        return (error as { code?: string }).code
      }
    }
    const changes = service.list({ kinds: ['watch'] }).length
    expect(await refused(() => watch.add('ftp://example.org/', 60))).toBe('invalid-input')
    expect(await refused(() => watch.add(site.url, 0))).toBe('invalid-input')
    expect(await refused(() => watch.remove('https://not-watched.invalid/'))).toBe('invalid-input')
    expect(service.list({ kinds: ['watch'] })).toHaveLength(changes)
  })
})
