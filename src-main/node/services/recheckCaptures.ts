import type { EntryView } from '../../common/contract/VaultApi'
import { fromUtf8 } from '../../common/encoding/bytes'
import { DalelError } from '../../common/errors/DalelError'
import { captureEntry } from '../capture/captureEntry'
import { comparableOf, compareCaptures } from '../capture/compareCaptures'
import type { ComparableCapture, EarlierCapture } from '../capture/compareCaptures'
import { earlierCapturesOf } from '../capture/earlierCapturesOf'
import { newestCapturePerUrl } from '../capture/newestCapturePerUrl'
import { checkCaptureUrl, throwIfCancelled } from '../capture/WebCaptureRun'
import type { WebCaptureRun } from '../capture/WebCaptureRun'
import type { StoredEntry } from '../vault/Vault'
import { capturePageWith } from './capturePageWith'
import type { ServiceScope } from './ServiceScope'
import { toView } from './toView'

/**
 * The takedown log: captures again the URL of each named web capture (by default the
 * newest capture of every URL in the vault) and records a new entry that names the
 * earlier one and says whether the page is unchanged, changed, restored (to an earlier
 * capture, named), unavailable or gone.
 */
export async function recheckCaptures(
  scope: ServiceScope,
  refs: readonly string[],
  run: WebCaptureRun
): Promise<EntryView[]> {
  const vault = scope.vault()
  const targets =
    refs.length > 0
      ? refs.map((ref) => {
          const stored = vault.get(ref)
          if (stored.entry === null) throw new DalelError('entry-withdrawn', { id: stored.id })
          if (stored.entry.kind !== 'web-capture')
            throw new DalelError('invalid-input', { field: 'id' })
          return stored
        })
      : newestCapturePerUrl(vault.list({ kinds: ['web-capture'] }))
  const views: EntryView[] = []
  for (const [index, target] of targets.entries()) {
    const started = performance.now()
    const entry = target.entry
    if (entry?.kind !== 'web-capture') continue
    const url = checkCaptureUrl(entry.payload.requestedUrl)
    const previous = await comparableCapture(scope, target)
    const capture = await capturePageWith(scope, url, run, () =>
      run.onStarted?.({ index: index + 1, total: targets.length, url })
    )
    const earlier = earlierCapturesOf(vault.list({ kinds: ['web-capture'] }), target)
    const result = await compareCaptures(
      { ...previous, ref: { seq: target.seq, id: target.id } },
      comparableOf(capture),
      earlier.map((stored) => earlierCapture(scope, stored))
    )
    const { draft, files } = captureEntry(capture, result)
    // Cancelled while the page was read: nothing of it is recorded.
    throwIfCancelled(run)
    const view = toView(await scope.vault().append(draft, files))
    views.push(view)
    run.onRecorded?.({
      index: index + 1,
      total: targets.length,
      url,
      view,
      payload: { ...capture.payload, recheck: result },
      seconds: (performance.now() - started) / 1000
    })
  }
  return views
}

/** An earlier capture whose text and screenshot are read from the vault when asked for. */
function earlierCapture(scope: ServiceScope, stored: StoredEntry): EarlierCapture {
  const entry = stored.entry
  if (entry?.kind !== 'web-capture') throw new DalelError('invalid-input', { field: 'id' })
  const read = async (role: 'text' | 'screenshot-full') => {
    const at = entry.attachments.findIndex((a) => a.role === role)
    return at >= 0 ? scope.vault().readAttachment(stored.seq, at) : undefined
  }
  return {
    ref: { seq: stored.seq, id: stored.id },
    outcome: entry.payload.outcome,
    text: async () => {
      const bytes = await read('text')
      return bytes !== undefined ? fromUtf8(bytes) : undefined
    },
    screenshot: async () => read('screenshot-full')
  }
}

/** An earlier capture's outcome, full text and full-page screenshot, from the vault. */
async function comparableCapture(
  scope: ServiceScope,
  stored: StoredEntry
): Promise<ComparableCapture> {
  const entry = stored.entry
  if (entry?.kind !== 'web-capture') throw new DalelError('invalid-input', { field: 'id' })
  const textAt = entry.attachments.findIndex((a) => a.role === 'text')
  const shotAt = entry.attachments.findIndex((a) => a.role === 'screenshot-full')
  const vault = scope.vault()
  return {
    outcome: entry.payload.outcome,
    ...(entry.payload.status !== undefined ? { status: entry.payload.status } : {}),
    ...(textAt >= 0 ? { text: fromUtf8(await vault.readAttachment(stored.seq, textAt)) } : {}),
    ...(shotAt >= 0 ? { screenshot: await vault.readAttachment(stored.seq, shotAt) } : {})
  }
}
