import {
  probeAvailability,
  summariseAvailability,
  summariseByUrl
} from '../../common/availability/availabilitySummary'
import type { AvailabilitySummary } from '../../common/availability/availabilitySummary'
import type { Availability } from '../../common/availability/captureAvailability'
import type { EntryView } from '../../common/contract/VaultApi'
import type { Entry, WatchedUrl } from '../../common/entry/Entry'
import type { ProbeRun } from '../probe/ProbeRun'

/** One address on the watch list, probed every `everySeconds`. */
export type WatchItem = WatchedUrl

/** One recorded probe of a watched address; `before` is set when its state changed. */
export interface WatchProbe {
  url: string
  after: Availability
  before?: Availability
  view: EntryView
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
 * change of state. The app starts it on unlock and halts it when the vault locks: halting
 * is immediate (a panic lock must not wait for a hanging site), and a probe still on the
 * network then is dropped instead of recorded, so it can never land in a vault opened after.
 */
export class WatchScheduler {
  private items = new Map<string, WatchItem>()
  private timers = new Map<string, NodeJS.Timeout>()
  private inFlight = new Map<string, Promise<void>>()
  private last = new Map<string, Availability>()
  private cancel: AbortController | null = null

  constructor(
    private readonly target: WatchTarget,
    private readonly options: {
      toolVersion: string
      timeoutMs?: number
      onProbe?: (probe: WatchProbe) => void
      onChange?: (change: WatchChange) => void
      onError?: (url: string, error: unknown) => void
    }
  ) {}

  get running(): boolean {
    return this.cancel !== null
  }

  start(items: readonly WatchItem[]): void {
    this.halt()
    this.cancel = new AbortController()
    this.last.clear()
    for (const summary of this.status(items.map((i) => i.url)))
      if (summary.current !== undefined) this.last.set(summary.url, summary.current)
    this.set(items)
  }

  /**
   * Follows a changed list while running: new addresses are probed now, removed ones stop,
   * a changed interval counts from the next probe.
   */
  set(items: readonly WatchItem[]): void {
    if (this.cancel === null) return
    const next = new Map(items.map((item) => [new URL(item.url).href, item]))
    for (const url of this.items.keys())
      if (!next.has(url)) {
        clearTimeout(this.timers.get(url))
        this.timers.delete(url)
      }
    for (const [url, item] of next) {
      const before = this.items.get(url)
      if (before === undefined) this.schedule(url, 0)
      else if (before.everySeconds !== item.everySeconds && !this.inFlight.has(url))
        this.schedule(url, item.everySeconds * 1000)
    }
    this.items = next
  }

  /** Probes `url` now (it must be watched), or waits for the probe of it under way. */
  async probeNow(url: string): Promise<void> {
    const key = new URL(url).href
    if (this.cancel === null || !this.items.has(key)) return
    const running = this.inFlight.get(key)
    if (running !== undefined) return running
    clearTimeout(this.timers.get(key))
    return this.run(key)
  }

  /** Stops at once: no timer fires again and a probe under way is not recorded. */
  halt(): void {
    this.cancel?.abort()
    this.cancel = null
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.items.clear()
  }

  /** Halts, then waits until the probes under way have ended. */
  async stop(): Promise<void> {
    this.halt()
    await Promise.all([...this.inFlight.values()])
  }

  /** Each URL's history from the vault: probes and captures, summarised. */
  status(urls: readonly string[]): AvailabilitySummary[] {
    const entries = this.target
      .list({ kinds: ['probe', 'web-capture'] })
      .flatMap((view) => (view.entry === null ? [] : [view.entry]))
    const byUrl = new Map(summariseByUrl(entries).map((s) => [s.url, s]))
    return urls.map((url) => byUrl.get(new URL(url).href) ?? summariseEmpty(new URL(url).href))
  }

  private schedule(url: string, delayMs: number): void {
    if (this.cancel === null) return
    clearTimeout(this.timers.get(url))
    this.timers.set(
      url,
      setTimeout(() => {
        this.timers.delete(url)
        void this.run(url)
      }, delayMs)
    )
  }

  private run(url: string): Promise<void> {
    const cancel = this.cancel
    if (cancel === null) return Promise.resolve()
    const run = this.probeOnce(url, cancel.signal).finally(() => {
      this.inFlight.delete(url)
      const item = this.items.get(url)
      if (!cancel.signal.aborted && item !== undefined) this.schedule(url, item.everySeconds * 1000)
    })
    this.inFlight.set(url, run)
    return run
  }

  private async probeOnce(url: string, cancel: AbortSignal): Promise<void> {
    try {
      await this.target.probeWeb([url], {
        toolVersion: this.options.toolVersion,
        cancel,
        ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
        onRecorded: (progress) => {
          const after = probeAvailability(progress.payload.outcome, progress.payload.status)
          const before = this.last.get(progress.payload.url)
          this.last.set(progress.payload.url, after)
          const changed = before !== undefined && before !== after
          this.options.onProbe?.({
            url: progress.payload.url,
            after,
            view: progress.view,
            ...(changed ? { before } : {})
          })
          if (changed)
            this.options.onChange?.({
              url: progress.payload.url,
              before,
              after,
              view: progress.view
            })
        }
      })
    } catch (error) {
      // A lock while the probe was out is not an error of the probe.
      if (!cancel.aborted) this.options.onError?.(url, error)
    }
  }
}

function summariseEmpty(url: string): AvailabilitySummary {
  return summariseAvailability(url, [])
}
