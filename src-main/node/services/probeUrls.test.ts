import { once } from 'node:events'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProbePayload } from '../../common/entry/Entry'
import { useTestService } from '../testing/useTestService'

/**
 * A series of probe rounds (`dalel probe --every`), against a server on 127.0.0.1: what the
 * record shows of the rounds' spacing, whatever the vault's clock does.
 */
describe('probe rounds', () => {
  // The vault's clock, switched per test: the real one, one that lags, one that stands still.
  let now: () => Date = () => new Date()
  const t = useTestService('dalel-probe-rounds-', { clock: { now: () => now() } })
  let server: Server
  let url = ''

  beforeAll(async () => {
    server = createServer((_request, response) => response.end('up'))
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  })
  afterAll(() => {
    server.close()
  })

  const series = async (everyMs: number, count: number): Promise<number[]> => {
    const views = await t.service.probeWeb([url], { toolVersion: 'test', everyMs, count })
    return views.map((v) => Date.parse((v.entry?.payload as ProbePayload).startedAt))
  }
  const gaps = (starts: number[]) => starts.slice(1).map((s, i) => s - (starts[i] ?? 0))

  it('records rounds at least --every apart even when the wall clock gains less than the monotonic one', async () => {
    // A clock running 10 % slow stands for the few ms a loaded machine loses between a
    // round's start and its first probe's reading of the time (CI saw 989 ms for 1 s).
    const origin = Date.now()
    now = () => new Date(origin + Math.floor((Date.now() - origin) * 0.9))
    try {
      const starts = await series(300, 3)
      expect(starts).toHaveLength(3)
      for (const gap of gaps(starts)) expect(gap).toBeGreaterThanOrEqual(300)
    } finally {
      now = () => new Date()
    }
  })

  it('does not stall the series when the clock stands still', async () => {
    const fixed = new Date()
    now = () => fixed
    try {
      // Without a bound on the wait for the vault's clock this would never end.
      const starts = await series(200, 3)
      expect(gaps(starts)).toEqual([0, 0])
    } finally {
      now = () => new Date()
    }
  })
})
