import type { AvailabilitySummary } from '../../common/availability/availabilitySummary'
import type {
  WatchHistoryView,
  WatchItemView,
  WatchProbeEvent
} from '../../common/contract/WatchApi'
import { DalelError } from '../../common/errors/DalelError'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import { checkCaptureUrl } from '../capture/WebCaptureRun'
import type { VaultLifecycle, VaultService } from './VaultService'
import { WatchScheduler } from './WatchScheduler'
import type { WatchProbe } from './WatchScheduler'
import type { WatchListChange } from './watchList'

/** How many looks a history answers at most: the newest ones; the summary counts them all. */
export const WATCH_HISTORY_LIMIT = 500

/**
 * The app's watch list (issue 14): the list itself is in the vault (`watch` entries); this
 * object probes it while the vault is unlocked — it starts when a vault opens and halts the
 * moment it starts to lock (VaultLifecycle) — and answers each address's state and history.
 * Every face that binds the contract's handlers gets it; the CLI, which has `dalel probe
 * --every`, does not start it.
 */
export class WatchService implements VaultLifecycle {
  private readonly scheduler: WatchScheduler

  constructor(
    private readonly service: VaultService,
    options: {
      toolVersion: string
      timeoutMs?: number
      /** every recorded probe of a watched address; `before` set when its state changed */
      onProbe?: (event: WatchProbeEvent) => void
      onError?: (error: unknown) => void
    }
  ) {
    this.scheduler = new WatchScheduler(
      service,
      defined({
        toolVersion: options.toolVersion,
        timeoutMs: options.timeoutMs,
        onProbe: (probe: WatchProbe) => {
          options.onProbe?.({
            url: probe.url,
            seq: probe.view.seq,
            after: probe.after,
            ...defined({ before: probe.before })
          })
        },
        onError: (_url: string, error: unknown) => {
          options.onError?.(error)
        }
      })
    )
    service.addLifecycle(this)
  }

  get running(): boolean {
    return this.scheduler.running
  }

  opened(): void {
    this.scheduler.start(this.service.watchList())
  }

  locking(): void {
    this.scheduler.halt()
  }

  /** Waits for the probes under way to end (tests; the app does not wait). */
  async settled(): Promise<void> {
    await this.scheduler.stop()
  }

  /** The watched addresses, in the order added, each with its record so far. */
  list(): WatchItemView[] {
    const watched = this.service.watchList()
    const summaries = this.scheduler.status(watched.map((w) => w.url))
    return watched.map((item, i) => itemView(item.url, item.everySeconds, summaries[i]))
  }

  async add(url: string, everySeconds: number): Promise<WatchItemView[]> {
    return this.change({ add: { url, everySeconds } })
  }

  async remove(url: string): Promise<WatchItemView[]> {
    return this.change({ remove: url })
  }

  /** One address's looks, newest first, and its outages; it need not be watched any more. */
  history(url: string): WatchHistoryView {
    const href = checkCaptureUrl(url)
    const item = this.service.watchList().find((w) => w.url === href)
    const [summary] = this.scheduler.status([href])
    if (summary === undefined || (item === undefined && summary.total === 0))
      throw new DalelError('invalid-input', { field: 'url' })
    return {
      ...itemView(href, item?.everySeconds ?? 0, summary),
      points: [...summary.points].reverse().slice(0, WATCH_HISTORY_LIMIT),
      outages: summary.outages,
      watched: item !== undefined
    }
  }

  /** Probes a watched address now (the "check now" button). */
  async checkNow(url: string): Promise<WatchItemView[]> {
    const href = checkCaptureUrl(url)
    if (!this.service.watchList().some((w) => w.url === href))
      throw new DalelError('invalid-input', { field: 'url' })
    await this.scheduler.probeNow(href)
    return this.list()
  }

  private async change(change: WatchListChange): Promise<WatchItemView[]> {
    await this.service.changeWatchList(change)
    this.scheduler.set(this.service.watchList())
    return this.list()
  }
}

function itemView(
  url: string,
  everySeconds: number,
  summary: AvailabilitySummary | undefined
): WatchItemView {
  const last = summary?.points[summary.points.length - 1]
  return {
    url,
    everySeconds,
    total: summary?.total ?? 0,
    failed: summary?.failed ?? 0,
    shareFailed: summary?.shareFailed ?? 0,
    ...defined({
      current: summary?.current,
      lastAt: last?.at,
      firstFailure: summary?.firstFailure,
      lastFailure: summary?.lastFailure,
      longestOutage: summary?.longestOutage
    })
  }
}
