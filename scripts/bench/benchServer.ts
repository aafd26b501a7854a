// What the capture and probe benchmarks share: the Chromium they drive, and a fixture server
// on 127.0.0.1 (port 0) in this process.
import { createServer } from 'node:http'
import type { RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { findChromium } from '../../src-main/node/capture/findChromium'

/** The system Chromium, as `dalel capture` finds it (or --browser=PATH); throws without one. */
export async function chromiumOrThrow(browser?: string): Promise<string> {
  const executablePath = await findChromium(process.env, browser)
  if (executablePath === null)
    throw new Error('no Chromium found: install chromium, or pass --browser=PATH or DALEL_CHROMIUM')
  return executablePath
}

/** Serves `handler` on 127.0.0.1 at a free port. */
export async function listenLocal(
  handler: RequestListener
): Promise<{ origin: string; close: () => void }> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.close()
    }
  }
}
