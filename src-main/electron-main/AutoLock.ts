import type { LockReason } from '../common/contract/DalelApi'

/** What the policy reads and does; the app passes powerMonitor, settings and the service. */
export interface AutoLockDeps {
  /** seconds since the last keyboard or mouse input anywhere on the machine */
  idleSeconds(): number
  /**
   * Whether the operating system says the screen is locked now. Linux has no `lock-screen`
   * event; polling the idle state catches a locked screen there too.
   */
  screenLocked(): boolean
  /** idle minutes before locking; 0 never */
  idleMinutes(): number
  isUnlocked(): boolean
  /** wipes the keys, tells the page and clears it; called once per lock */
  lock(reason: LockReason): Promise<void>
  /** the panic shortcut is held only while there is something to hide */
  armPanic(): void
  disarmPanic(): void
  timers: {
    setInterval(callback: () => void, ms: number): unknown
    clearInterval(handle: unknown): void
  }
  /** a lock that failed: logged, and tried again at the next poll or event */
  onError?: (error: unknown) => void
}

/** The panic shortcut: locks at once and clears the window. Held only while unlocked. */
export const PANIC_ACCELERATOR = 'CommandOrControl+Shift+L'

/** How often the idle time is read. The lock comes at most this late after N minutes. */
export const AUTO_LOCK_POLL_MS = 30_000

/**
 * When the vault locks by itself (DESIGN "Who we defend against": a seized laptop): after N
 * idle minutes, on suspend, when the screen locks, and on the panic shortcut. The policy is
 * here; the Electron events that feed it are wired in index.ts.
 */
export class AutoLock {
  private handle: unknown = null
  private locking: Promise<void> | null = null
  private armed = false

  constructor(private readonly deps: AutoLockDeps) {}

  start(): void {
    if (this.handle !== null) return
    this.handle = this.deps.timers.setInterval(() => {
      void this.check()
    }, AUTO_LOCK_POLL_MS)
    this.sync()
  }

  stop(): void {
    if (this.handle !== null) this.deps.timers.clearInterval(this.handle)
    this.handle = null
    this.disarm()
  }

  /** The poll: idle long enough, or the screen locked, while the vault is open. */
  async check(): Promise<void> {
    this.sync()
    if (!this.deps.isUnlocked()) return
    const minutes = this.deps.idleMinutes()
    if (minutes > 0 && this.deps.idleSeconds() >= minutes * 60) {
      await this.trigger('idle')
    } else if (this.deps.screenLocked()) {
      await this.trigger('screen-locked')
    }
  }

  /**
   * Locks now for `reason` if the vault is open. Events that arrive while a lock is under way
   * (suspend and screen lock often come together) join it instead of locking twice.
   */
  async trigger(reason: LockReason): Promise<void> {
    if (this.locking !== null) return this.locking
    if (!this.deps.isUnlocked()) {
      this.sync()
      return
    }
    this.locking = (async () => {
      try {
        await this.deps.lock(reason)
      } catch (error) {
        this.deps.onError?.(error)
      } finally {
        this.locking = null
        this.sync()
      }
    })()
    return this.locking
  }

  /**
   * Holds the panic shortcut while the vault is open and lets go of it when locked, so that
   * Dalel takes a key combination away from other programs only while it has a reason to.
   * Called after every request from the page (an unlock may just have happened) and on
   * each poll.
   */
  sync(): void {
    if (this.deps.isUnlocked() && this.handle !== null) this.arm()
    else this.disarm()
  }

  private arm(): void {
    if (this.armed) return
    this.deps.armPanic()
    this.armed = true
  }

  private disarm(): void {
    if (!this.armed) return
    this.deps.disarmPanic()
    this.armed = false
  }
}
