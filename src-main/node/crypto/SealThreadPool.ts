import { SealThreads } from './SealThreads'

/**
 * How long after a vault opens its threads start, in ms: not while the app draws the vault's
 * first page (three threads starting take ~0.1 s of CPU, on a 2-core machine), and long
 * before a journalist has picked a file.
 */
const WARM_AFTER_MS = 1500

/**
 * Keeps one set of SealThreads between attachments while a vault is open: the app starts it
 * soon after the vault opens (`warm`), so a large file is sealed at once, and ends it when the
 * vault locks (`drop`). The command line attaches once per process and has no pool: its
 * threads start and end with the file.
 */
export class SealThreadPool {
  private idle: SealThreads | null = null
  private timer: NodeJS.Timeout | null = null

  /** @param aead the sealing threads' cipher; this runtime's (chunkAead) unless a test asks */
  constructor(private readonly aead?: 'node' | 'libsodium') {}

  private startSet(): SealThreads {
    return SealThreads.start({
      hasher: true,
      sealers: true,
      ...(this.aead === undefined ? {} : { aead: this.aead })
    })
  }

  /** Starts a set shortly (WARM_AFTER_MS), to wait for a file, unless one is waiting already. */
  warm(): void {
    if (this.timer !== null) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.startIdle()
    }, WARM_AFTER_MS)
    // A process that has nothing else to do (a test, the command line) does not wait for it.
    this.timer.unref()
  }

  private startIdle(): void {
    if (this.idle !== null && this.idle.usable) return
    const stale = this.idle
    this.idle = this.startSet()
    this.idle.hold(false)
    // A set that failed while it waited is ended; nothing waits on it.
    void stale?.dispose()
  }

  /** The waiting set (it is no longer waiting), or a new one. */
  take(): SealThreads {
    const set = this.idle
    this.idle = null
    if (set !== null && set.usable) {
      set.hold(true)
      return set
    }
    void set?.dispose()
    return this.startSet()
  }

  /**
   * A set back after a file sealed whole: it waits for the next file, unless another waits
   * already or it failed. A file that failed part way ends its set instead (its threads may
   * still be at work on the file's memory).
   */
  async giveBack(set: SealThreads): Promise<void> {
    if (this.idle === null && set.usable) {
      set.hold(false)
      this.idle = set
      return
    }
    await set.dispose()
  }

  /** Ends the waiting set, and one about to start (the vault locks). */
  async drop(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    const set = this.idle
    this.idle = null
    await set?.dispose()
  }

  /** Whether a set is waiting for a file. */
  get warmed(): boolean {
    return this.idle !== null && this.idle.usable
  }
}
