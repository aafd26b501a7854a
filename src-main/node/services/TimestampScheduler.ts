import type { MethodName } from '../../common/contract/DalelApi'
import type { TimestampOutcome } from '../../common/contract/VaultApi'

/** What the scheduler needs of the service. */
export interface TimestampTarget {
  isUnlocked(): boolean
  timestampIfDue(options?: { timeoutMs?: number }): Promise<TimestampOutcome | null>
}

/** Timers, passed in so a test can run the scheduler on real ones with short intervals. */
export interface SchedulerTimers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** The app's retry: an unstamped head (offline, every authority down) is tried again this often. */
export const TIMESTAMP_RETRY_MS = 5 * 60_000

/**
 * Methods after which the head is stamped at once rather than at the next retry: captures
 * and rechecks (the network is up then, and the issue asks for it), and the calls that turn
 * the setting on or open a vault that has it on.
 */
const STAMP_AFTER: ReadonlySet<MethodName> = new Set<MethodName>([
  'createVault',
  'unlock',
  'captureUrl',
  'setTimestamping'
])

/**
 * Trusted time while the vault is unlocked (issue 13): asks the service to stamp the head
 * when its setting is on and an entry is uncovered (`timestampIfDue`, which does nothing
 * otherwise), at start, after captures, and every `retryMs` — so work done offline is
 * stamped once the network is back. One request at a time: a call that comes while one is
 * in flight runs once it ends. The app starts it on unlock and stops it on lock; `stop`
 * waits for the request in flight, so locking never cuts the anchor's append in half.
 */
export class TimestampScheduler {
  private timer: unknown = null
  private inFlight: Promise<void> | null = null
  private again = false
  private running = false

  constructor(
    private readonly target: TimestampTarget,
    private readonly options: {
      retryMs?: number
      timeoutMs?: number
      timers?: SchedulerTimers
      /** an anchor was recorded */
      onStamped?: (outcome: TimestampOutcome) => void
      onError?: (error: unknown) => void
    } = {}
  ) {}

  get isRunning(): boolean {
    return this.running
  }

  private get timers(): SchedulerTimers {
    return (
      this.options.timers ?? {
        setTimeout: (callback, ms) => setTimeout(callback, ms),
        clearTimeout: (handle) => {
          clearTimeout(handle as NodeJS.Timeout)
        }
      }
    )
  }

  /** Starts (idempotent): a first try now, then every retryMs. */
  start(): void {
    if (this.running) return
    this.running = true
    this.schedule(0)
  }

  async stop(): Promise<void> {
    this.running = false
    this.again = false
    this.clearTimer()
    await this.inFlight
  }

  /** Stamps now (or as soon as the request in flight ends), then resumes the retry. */
  stampSoon(): void {
    if (!this.running) return
    if (this.inFlight !== null) {
      this.again = true
      return
    }
    this.schedule(0)
  }

  /**
   * The electron glue's one hook, after every contract call: runs while the vault is
   * unlocked, stops when it is locked, and stamps soon after the calls in STAMP_AFTER.
   */
  async afterCall(method: MethodName): Promise<void> {
    if (!this.target.isUnlocked()) {
      await this.stop()
      return
    }
    if (!this.running) this.start()
    else if (STAMP_AFTER.has(method)) this.stampSoon()
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(ms: number): void {
    this.clearTimer()
    if (!this.running) return
    this.timer = this.timers.setTimeout(() => {
      this.timer = null
      const run = this.once().finally(() => {
        this.inFlight = null
        const next = this.again ? 0 : (this.options.retryMs ?? TIMESTAMP_RETRY_MS)
        this.again = false
        this.schedule(next)
      })
      this.inFlight = run
    }, ms)
  }

  private async once(): Promise<void> {
    if (!this.target.isUnlocked()) return
    try {
      const outcome = await this.target.timestampIfDue(
        this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}
      )
      if (outcome?.anchor != null) this.options.onStamped?.(outcome)
    } catch (error) {
      // Locked while asking: nothing to report, the next unlock starts again.
      if (this.running && this.target.isUnlocked()) this.options.onError?.(error)
    }
  }
}
