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
 * With `everyMs`, rounds start that often (from start to start) until `count` rounds or
 * until `signal` aborts (after the round under way). With `captureOnChange`, a URL whose
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
      await abortableSleep(run.everyMs - (performance.now() - started), run.signal)
  }
  return views
}
