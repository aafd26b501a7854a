import type { PageCapture } from '../capture/capturePage'
import { capturePage } from '../capture/capturePage'
import type { WebCaptureRun } from '../capture/WebCaptureRun'
import { DEFAULT_CAPTURE_TIMEOUT_MS, throwIfCancelled } from '../capture/WebCaptureRun'
import { DalelError } from '../../common/errors/DalelError'
import type { ServiceScope } from './ServiceScope'

/**
 * One page of `run.browser`, captured and closed; the vault's author is the operator.
 * @param onOpened called once the page is open, before it loads: a face says "loading" only
 *   when there is a browser to load in
 */
export async function capturePageWith(
  scope: ServiceScope,
  url: string,
  run: WebCaptureRun,
  onOpened?: () => void
): Promise<PageCapture> {
  const operator = scope.vault().author
  throwIfCancelled(run)
  const page = await run.browser.openPage()
  // Cancelling closes the page at once: the browser abandons the load, and the capture's
  // own commands fail as on a page that went away. Its result is then never recorded.
  let reject: (error: DalelError) => void = () => undefined
  const cancelled = new Promise<never>((_, fail) => {
    reject = fail
  })
  const onAbort = () => {
    reject(new DalelError('capture-cancelled'))
  }
  run.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    throwIfCancelled(run)
    onOpened?.()
    const capture = capturePage(
      page,
      url,
      {
        timeoutMs: run.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS,
        operator,
        tool: { name: 'Dalel', version: run.toolVersion }
      },
      { clock: scope.deps.clock }
    )
    // The capture keeps running until the closed page fails it; its end is not waited for.
    capture.catch(() => undefined)
    cancelled.catch(() => undefined)
    const result = await Promise.race([capture, cancelled])
    throwIfCancelled(run)
    return result
  } catch (error) {
    if (run.signal?.aborted === true)
      throw new DalelError('capture-cancelled', {}, { cause: error })
    throw error
  } finally {
    run.signal?.removeEventListener('abort', onAbort)
    await page.close()
  }
}
