import type { PageCapture } from '../capture/capturePage'
import { capturePage } from '../capture/capturePage'
import type { WebCaptureRun } from '../capture/WebCaptureRun'
import { DEFAULT_CAPTURE_TIMEOUT_MS } from '../capture/WebCaptureRun'
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
  const page = await run.browser.openPage()
  try {
    onOpened?.()
    return await capturePage(
      page,
      url,
      {
        timeoutMs: run.timeoutMs ?? DEFAULT_CAPTURE_TIMEOUT_MS,
        operator,
        tool: { name: 'Dalel', version: run.toolVersion }
      },
      { clock: scope.deps.clock }
    )
  } finally {
    await page.close()
  }
}
