import type { CdpTransport } from '../ports/CdpTransport'
import type { CdpEvents } from './cdpTypes'

/**
 * A transport for unit tests: events are emitted by hand, in the order a test needs, and
 * commands are answered by `respond` (undefined result by default) and remembered.
 */
export class FakeCdpTransport implements CdpTransport {
  readonly sent: { method: string; params: Record<string, unknown> | undefined }[] = []
  private readonly handlers = new Map<string, ((params: unknown) => void)[]>()

  constructor(
    private readonly respond: (method: string, params?: Record<string, unknown>) => unknown = () =>
      undefined
  ) {}

  async send(method: string, params?: Record<string, unknown>): Promise<unknown> {
    this.sent.push({ method, params })
    return Promise.resolve(this.respond(method, params))
  }

  on(event: string, handler: (params: unknown) => void): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler])
  }

  emit<E extends keyof CdpEvents>(event: E, params: CdpEvents[E]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(params)
  }

  async close(): Promise<void> {
    return Promise.resolve()
  }
}
