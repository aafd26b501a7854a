import type { CdpTransport } from '../ports/CdpTransport'
import { PageLostError } from './PageLostError'

/** A transport whose every command ends by a deadline, and what it learnt about the page. */
export interface GuardedTransport {
  transport: CdpTransport
  /** rejects with PageLostError as soon as the page is lost; never resolves otherwise */
  lost: Promise<never>
  /** the loss, once there is one */
  readonly loss: PageLostError | undefined
  /** stops the deadline timer (the capture is over) */
  dispose(): void
}

/**
 * Wraps `inner` so that no command outlives the monotonic `deadline` (performance.now()),
 * and a renderer that crashes or a session that detaches fails every pending and later
 * command at once. A page that busy-loops or blocks in a dialog never answers commands that
 * need its main thread (Runtime.evaluate, DOM.*, Page.captureSnapshot, screenshots); without
 * this, one such page would stop a whole batch. After the first loss every command fails
 * immediately, so the engine stops talking to the page and records what it has.
 *
 * Listens to Inspector.targetCrashed and Inspector.detached, which need Inspector.enable.
 */
export function guardTransport(inner: CdpTransport, deadline: number): GuardedTransport {
  let loss: PageLostError | undefined
  let fail: (error: PageLostError) => void = () => undefined
  const lost = new Promise<never>((_resolve, reject) => {
    fail = reject
  })
  // Nobody may be listening yet; the rejection is read through `loss` and the races below.
  lost.catch(() => undefined)
  const lose = (error: PageLostError) => {
    if (loss !== undefined) return
    loss = error
    clearTimeout(timer)
    fail(error)
  }
  const timer = setTimeout(
    () => {
      lose(new PageLostError('unresponsive', 'the page did not answer before the capture deadline'))
    },
    Math.max(0, deadline - performance.now())
  )
  inner.on('Inspector.targetCrashed', () => {
    lose(new PageLostError('crashed', 'the page crashed its renderer'))
  })
  inner.on('Inspector.detached', (params) => {
    const reason = (params as { reason?: string } | undefined)?.reason ?? 'detached'
    lose(new PageLostError('detached', reason))
  })
  const transport: CdpTransport = {
    async send(method, params) {
      if (loss !== undefined) throw loss
      return Promise.race([inner.send(method, params), lost])
    },
    on: (event, handler) => {
      inner.on(event, handler)
    },
    close: async () => inner.close()
  }
  return {
    transport,
    lost,
    get loss() {
      return loss
    },
    dispose() {
      clearTimeout(timer)
    }
  }
}
