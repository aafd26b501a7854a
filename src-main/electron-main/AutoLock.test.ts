import { describe, expect, it } from 'vitest'
import type { LockReason } from '../common/contract/DalelApi'
import { AUTO_LOCK_POLL_MS, AutoLock } from './AutoLock'
import type { AutoLockDeps } from './AutoLock'

/** A machine whose idle time, screen, vault and timers the test moves by hand. */
class World {
  idle = 0
  screenIsLocked = false
  minutes = 10
  unlocked = true
  locks: LockReason[] = []
  panic: ('arm' | 'disarm')[] = []
  errors: unknown[] = []
  failNextLock = false
  interval: { callback: () => void; ms: number } | null = null
  /** resolves the lock in progress; by default locks resolve at once */
  holdLocks = false
  private release: (() => void)[] = []

  deps(): AutoLockDeps {
    return {
      idleSeconds: () => this.idle,
      screenLocked: () => this.screenIsLocked,
      idleMinutes: () => this.minutes,
      isUnlocked: () => this.unlocked,
      lock: async (reason) => {
        this.locks.push(reason)
        if (this.failNextLock) {
          this.failNextLock = false
          throw new Error('disk gone')
        }
        if (this.holdLocks) await new Promise<void>((resolve) => this.release.push(resolve))
        this.unlocked = false
      },
      armPanic: () => this.panic.push('arm'),
      disarmPanic: () => this.panic.push('disarm'),
      timers: {
        setInterval: (callback, ms) => {
          this.interval = { callback, ms }
          return 'handle'
        },
        clearInterval: (handle) => {
          if (handle === 'handle') this.interval = null
        }
      },
      onError: (error) => this.errors.push(error)
    }
  }

  releaseLocks(): void {
    for (const release of this.release.splice(0)) release()
  }
}

function started(world: World): AutoLock {
  const autoLock = new AutoLock(world.deps())
  autoLock.start()
  return autoLock
}

describe('AutoLock', () => {
  it('polls every 30 seconds once started, and stops polling when stopped', () => {
    const world = new World()
    const autoLock = started(world)
    expect(world.interval?.ms).toBe(AUTO_LOCK_POLL_MS)
    expect(AUTO_LOCK_POLL_MS).toBe(30_000)
    autoLock.stop()
    expect(world.interval).toBeNull()
  })

  it('locks after N idle minutes, not a second before', async () => {
    const world = new World()
    const autoLock = started(world)
    world.idle = 10 * 60 - 1
    await autoLock.check()
    expect(world.locks).toEqual([])
    world.idle = 10 * 60
    await autoLock.check()
    expect(world.locks).toEqual(['idle'])
    expect(world.unlocked).toBe(false)
  })

  it('never locks for idleness when the setting is 0', async () => {
    const world = new World()
    world.minutes = 0
    world.idle = 7 * 24 * 3600
    await started(world).check()
    expect(world.locks).toEqual([])
  })

  it('reads the setting at each poll, so a change applies at once', async () => {
    const world = new World()
    const autoLock = started(world)
    world.idle = 120
    await autoLock.check()
    expect(world.locks).toEqual([])
    world.minutes = 2
    await autoLock.check()
    expect(world.locks).toEqual(['idle'])
  })

  it('locks when the screen is locked (the poll catches it where there is no event)', async () => {
    const world = new World()
    world.screenIsLocked = true
    await started(world).check()
    expect(world.locks).toEqual(['screen-locked'])
  })

  it('does nothing while the vault is locked', async () => {
    const world = new World()
    world.unlocked = false
    world.idle = 3600
    world.screenIsLocked = true
    const autoLock = started(world)
    await autoLock.check()
    await autoLock.trigger('suspend')
    await autoLock.trigger('panic')
    expect(world.locks).toEqual([])
  })

  it('locks at once on suspend, screen lock and panic, with the reason', async () => {
    for (const reason of ['suspend', 'screen-locked', 'panic'] as const) {
      const world = new World()
      await started(world).trigger(reason)
      expect(world.locks).toEqual([reason])
    }
  })

  it('locks once when events arrive together (suspend and lock-screen)', async () => {
    const world = new World()
    world.holdLocks = true
    const autoLock = started(world)
    const first = autoLock.trigger('suspend')
    const second = autoLock.trigger('screen-locked')
    world.idle = 3600
    const third = autoLock.check()
    world.releaseLocks()
    await Promise.all([first, second, third])
    expect(world.locks).toEqual(['suspend'])
  })

  it('reports a failed lock and tries again at the next poll', async () => {
    const world = new World()
    world.failNextLock = true
    world.idle = 3600
    const autoLock = started(world)
    world.interval?.callback()
    await Promise.resolve()
    await autoLock.check()
    expect(world.errors).toHaveLength(1)
    expect(world.locks).toEqual(['idle', 'idle'])
    expect(world.unlocked).toBe(false)
  })

  it('holds the panic shortcut only while the vault is open', async () => {
    const world = new World()
    world.unlocked = false
    const autoLock = started(world)
    expect(world.panic).toEqual([])
    world.unlocked = true
    autoLock.sync()
    autoLock.sync()
    expect(world.panic).toEqual(['arm'])
    await autoLock.trigger('panic')
    expect(world.panic).toEqual(['arm', 'disarm'])
    world.unlocked = true
    autoLock.sync()
    autoLock.stop()
    expect(world.panic).toEqual(['arm', 'disarm', 'arm', 'disarm'])
  })

  it('does not grab the shortcut before it is started', () => {
    const world = new World()
    new AutoLock(world.deps()).sync()
    expect(world.panic).toEqual([])
  })
})
