import {
  probeAvailability,
  summariseAvailability,
  summariseByUrl
} from '../../common/availability/availabilitySummary'
import type { AvailabilitySummary } from '../../common/availability/availabilitySummary'
import type { Availability } from '../../common/availability/captureAvailability'
import type { EntryView } from '../../common/contract/VaultApi'
import type { Entry } from '../../common/entry/Entry'
import type { ProbeRun } from '../probe/ProbeRun'

/** One address on the watch list, probed every `everySeconds`. */
export interface WatchItem {
  url: string
  everySeconds: number
}

/** A watched address's state changed between two probes (up → unavailable, and back). */
export interface WatchChange {
  url: string
  before: Availability
  after: Availability
  view: EntryView
}

/** What the scheduler needs of the service: probes, and the entries to summarise. */
export interface WatchTarget {
  probeWeb(urls: readonly string[], run: ProbeRun): Promise<EntryView[]>
  list(query: { kinds?: Entry['kind'][] }): EntryView[]
}

/**
 * The watch list's clock: while the vault is unlocked, each watched URL is probed every
 * `everySeconds` (one probe in flight per URL; a slow one delays its next, never doubles
 * it), each probe recorded like `dalel probe` records it, and `onChange` hears of every
 * change of state. The app starts it on unlock and stops it on lock; `stop` waits for the
 * probes in flight to be recorded, so locking never cuts an append in half.
 */
export class WatchScheduler {
  private timers = new Map<string, NodeJS.Timeout>()
  private inFlight = new Set<Promise<void>>()
  private last = new Map<string, Availability>()
  private running = false

  constructor(
    private readonly target: WatchTarget,
    private readonly options: {
      toolVersion: string
      timeoutMs?: number
      onChange?: (change: WatchChange) => void
      onError?: (url: string, error: unknown) => void
    }
  ) {}

  start(items: readonly WatchItem[]): void {
    this.running = true
    for (const summary of this.status(items.map((i) => i.url)))
      if (summary.current !== undefined) this.last.set(summary.url, summary.current)
    for (const item of items) this.schedule(item, 0)
  }

  async stop(): Promise<void> {
    this.running = false
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    await Promise.all([...this.inFlight])
  }

  /** Each URL's history from the vault: probes and captures, summarised. */
  status(urls: readonly string[]): AvailabilitySummary[] {
    const entries = this.target
      .list({ kinds: ['probe', 'web-capture'] })
      .flatMap((view) => (view.entry === null ? [] : [view.entry]))
    const byUrl = new Map(summariseByUrl(entries).map((s) => [s.url, s]))
    return urls.map((url) => byUrl.get(new URL(url).href) ?? summariseEmpty(new URL(url).href))
  }

  private schedule(item: WatchItem, delayMs: number): void {
    if (!this.running) return
    const timer = setTimeout(() => {
      const run = this.probeOnce(item).finally(() => {
        this.inFlight.delete(run)
        this.schedule(item, item.everySeconds * 1000)
      })
      this.inFlight.add(run)
    }, delayMs)
    this.timers.set(item.url, timer)
  }

  private async probeOnce(item: WatchItem): Promise<void> {
    try {
      await this.target.probeWeb([item.url], {
        toolVersion: this.options.toolVersion,
        ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
        onRecorded: (progress) => {
          const after = probeAvailability(progress.payload.outcome, progress.payload.status)
          const before = this.last.get(progress.payload.url)
          this.last.set(progress.payload.url, after)
          if (before !== undefined && before !== after)
            this.options.onChange?.({
              url: progress.payload.url,
              before,
              after,
              view: progress.view
            })
        }
      })
    } catch (error) {
      this.options.onError?.(item.url, error)
    }
  }
}

function summariseEmpty(url: string): AvailabilitySummary {
  return summariseAvailability(url, [])
}
