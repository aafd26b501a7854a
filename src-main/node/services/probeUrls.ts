import type { EntryView } from '../../common/contract/VaultApi'
import type { ProbePayload } from '../../common/entry/Entry'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import { checkCaptureUrl } from '../capture/WebCaptureRun'
import { DEFAULT_PROBE_TIMEOUT_MS, probeUrl } from '../probe/probeUrl'
import type { ProbeRun } from '../probe/ProbeRun'
import { captureUrls } from './captureUrls'
import type { ServiceScope } from './ServiceScope'
import { resolveAbout } from './resolveAbout'
import { toView } from './toView'

/** What counts as a change between two probes: the outcome, and for HTTP errors the status. */
export function probeState(p: Pick<ProbePayload, 'outcome' | 'status'>): string {
  return p.outcome === 'http-error' ? `${p.outcome} ${p.status ?? ''}` : p.outcome
}

/** Waits `ms`, or less when `signal` aborts first. */
async function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted === true) return
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * Waits until the next round may start: `everyMs` after this round began on the monotonic
 * clock (a wall clock set back must not stall the series), and `everyMs` after the
 * `startedAt` recorded by the round's first probe (`firstStartedAt`, ms since the epoch, on
 * the vault's clock) — so the record itself shows the rounds at least that far apart. The
 * two readings differ: the process can be descheduled between the round's start and its
 * first probe's clock reading (a loaded CI machine recorded two rounds 989 ms apart with
 * --every 1), and a timer may fire up to a millisecond early. The wait for the vault's clock
 * is at most `everyMs` more: a clock set back, or one that does not move, only loses it.
 */
async function waitForNextRound(
  everyMs: number,
  started: number,
  firstStartedAt: number | undefined,
  clock: { now(): Date },
  signal: AbortSignal | undefined
): Promise<void> {
  await abortableSleep(everyMs - (performance.now() - started), signal)
  if (firstStartedAt === undefined) return
  const giveUp = performance.now() + everyMs
  for (;;) {
    const behind = firstStartedAt + everyMs - clock.now().getTime()
    const left = giveUp - performance.now()
    if (behind <= 0 || left <= 0 || signal?.aborted === true) return
    await abortableSleep(Math.min(behind, left), signal)
  }
}

/** The newest probe of each URL the vault holds: where a new series picks up from. */
export function lastProbes(scope: ServiceScope): Map<string, ProbePayload> {
  const last = new Map<string, ProbePayload>()
  for (const stored of scope.vault().list({ kinds: ['probe'] })) {
    const entry = stored.entry
    if (entry?.kind === 'probe' && !last.has(entry.payload.url))
      last.set(entry.payload.url, entry.payload)
  }
  return last
}

/**
 * One capture with a browser started for it and closed after it. It is about what the probes
 * are about (`run.about`): the screenshot of a site going down belongs to the same incident
 * as the probes that saw it go down.
 */
async function captureOnce(
  scope: ServiceScope,
  url: string,
  how: NonNullable<ProbeRun['captureOnChange']>,
  run: Pick<ProbeRun, 'toolVersion' | 'about'>
): Promise<EntryView | undefined> {
  const browser = await how.openBrowser()
  try {
    const [view] = await captureUrls(scope, [url], {
      browser,
      toolVersion: run.toolVersion,
      ...(how.timeoutMs !== undefined ? { timeoutMs: how.timeoutMs } : {}),
      ...(run.about !== undefined ? { about: run.about } : {})
    })
    return view
  } finally {
    await browser.close()
  }
}

/**
 * Availability probes (DESIGN "Entries": `probe`): one measurement of each URL per round,
 * each recorded durably before the next begins, so a crash loses no acknowledged probe.
 * With `everyMs`, rounds start that often (from start to start, on the monotonic clock and
 * by the recorded startedAt of each round's first probe; waitForNextRound) until `count`
 * rounds or until `signal` aborts (after the round under way). With `captureOnChange`, a URL whose
 * outcome differs from its previous probe (in this series or recorded before it) is also
 * captured in full. Every address is checked before the first probe.
 */
export async function probeUrls(
  scope: ServiceScope,
  urls: readonly string[],
  run: ProbeRun
): Promise<EntryView[]> {
  const about = resolveAbout(scope.vault(), run.about)
  const checked = urls.map(checkCaptureUrl)
  const last = lastProbes(scope)
  const rounds = run.count ?? (run.everyMs === undefined ? 1 : Infinity)
  const views: EntryView[] = []
  const cancelled = () => run.cancel?.aborted === true
  for (let round = 1; round <= rounds && run.signal?.aborted !== true && !cancelled(); round++) {
    const started = performance.now()
    let firstStartedAt: number | undefined
    for (const [index, url] of checked.entries()) {
      if (cancelled()) break
      const payload = await probeUrl(
        url,
        defined({
          timeoutMs: run.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
          operator: scope.vault().author,
          tool: { name: 'Dalel', version: run.toolVersion },
          ca: run.ca
        }),
        { clock: scope.deps.clock }
      )
      firstStartedAt ??= Date.parse(payload.startedAt)
      // Checked and appended in one turn of the event loop, so a lock cannot fall between.
      if (cancelled()) break
      const view = toView(
        await scope.vault().append({ kind: 'probe', title: url, payload: { ...about, ...payload } })
      )
      views.push(view)
      const before = last.get(payload.url)
      last.set(payload.url, payload)
      const changed = before !== undefined && probeState(before) !== probeState(payload)
      const capture =
        changed && run.captureOnChange !== undefined
          ? await captureOnce(scope, url, run.captureOnChange, run)
          : undefined
      run.onRecorded?.({
        round,
        index: index + 1,
        total: checked.length,
        url,
        view,
        payload,
        ...(changed
          ? { changedFrom: defined({ outcome: before.outcome, status: before.status }) }
          : {}),
        ...(capture !== undefined ? { capture } : {})
      })
    }
    if (round < rounds && run.everyMs !== undefined)
      await waitForNextRound(run.everyMs, started, firstStartedAt, scope.deps.clock, run.signal)
  }
  return views
}
