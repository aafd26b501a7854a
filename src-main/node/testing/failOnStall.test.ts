import { describe, expect, it } from 'vitest'
import { failOnStall } from './failOnStall'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('failOnStall', () => {
  it('lets work that keeps reporting run past the stall time, and returns its value', async () => {
    const value = await failOnStall(100, async (alive) => {
      for (let round = 1; round <= 5; round++) {
        alive(`round ${round}`)
        await sleep(40)
      }
      return 'done'
    })
    expect(value).toBe('done')
  })

  it('fails work that stops reporting, naming the last step', async () => {
    let stop: () => void = () => undefined
    const hung = failOnStall(50, async (alive) => {
      alive('round 2')
      await new Promise<void>((resolve) => {
        stop = resolve
      })
    })
    await expect(hung).rejects.toThrow('no progress in 0.05 s since round 2')
    stop()
  })

  it('passes on the work’s own failure', async () => {
    await expect(
      failOnStall(1000, () => Promise.reject(new Error('the vault did not verify')))
    ).rejects.toThrow('the vault did not verify')
  })
})
