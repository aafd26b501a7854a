import type { EntryView } from '../../common/contract/VaultApi'
import { captureEntry } from '../capture/captureEntry'
import { checkCaptureUrl, throwIfCancelled } from '../capture/WebCaptureRun'
import type { WebCaptureRun } from '../capture/WebCaptureRun'
import { capturePageWith } from './capturePageWith'
import type { ServiceScope } from './ServiceScope'
import { resolveAbout } from './resolveAbout'
import { toView } from './toView'

/**
 * Captures each URL in a fresh page of `run.browser` and records it as a web-capture
 * entry, one after another. Every address is checked before the first is loaded: a typo in
 * the third must not leave the journalist with two captures and an error. A page that
 * fails (DNS, TLS, 404, timeout) is recorded with its outcome, like any other; only a
 * broken browser or vault stops the run.
 */
export async function captureUrls(
  scope: ServiceScope,
  urls: readonly string[],
  run: WebCaptureRun
): Promise<EntryView[]> {
  // A bad address or a bad link refuses the run before the first page is loaded.
  const about = resolveAbout(scope.vault(), run.about)
  const checked = urls.map(checkCaptureUrl)
  const views: EntryView[] = []
  for (const [index, url] of checked.entries()) {
    const started = performance.now()
    const capture = await capturePageWith(scope, url, run, () =>
      run.onStarted?.({ index: index + 1, total: checked.length, url })
    )
    const { draft, files } = captureEntry(capture)
    // Cancelled while the page was read: nothing of it is recorded.
    throwIfCancelled(run)
    const linked =
      draft.kind === 'web-capture' ? { ...draft, payload: { ...about, ...draft.payload } } : draft
    const view = toView(await scope.vault().append(linked, files))
    views.push(view)
    run.onRecorded?.({
      index: index + 1,
      total: checked.length,
      url,
      view,
      payload: capture.payload,
      seconds: (performance.now() - started) / 1000
    })
  }
  return views
}
