import { describe, expect, it } from 'vitest'
import { FakeCdpTransport } from './FakeCdpTransport'
import { guardTransport } from './guardTransport'
import { PageLostError } from './PageLostError'

/** A transport whose page never answers Runtime.evaluate (a busy loop). */
function stuckPage(): FakeCdpTransport {
  return new FakeCdpTransport((method) =>
    method === 'Runtime.evaluate' ? new Promise(() => undefined) : { ok: true }
  )
}

describe('guardTransport', () => {
  it('fails a command the page never answers at the deadline, and every later one at once', async () => {
    const guard = guardTransport(stuckPage(), performance.now() + 50)
    const started = performance.now()
    await expect(guard.transport.send('Runtime.evaluate')).rejects.toMatchObject({
      loss: 'unresponsive'
    })
    expect(performance.now() - started).toBeGreaterThanOrEqual(40)
    await expect(guard.transport.send('Page.enable')).rejects.toBeInstanceOf(PageLostError)
    expect(guard.loss?.loss).toBe('unresponsive')
  })

  it('fails pending commands as soon as the renderer crashes', async () => {
    const page = stuckPage()
    const guard = guardTransport(page, performance.now() + 60_000)
    const pending = guard.transport.send('Runtime.evaluate')
    page.emit('Inspector.targetCrashed', {})
    await expect(pending).rejects.toMatchObject({ loss: 'crashed' })
    await expect(guard.lost).rejects.toMatchObject({ loss: 'crashed' })
    guard.dispose()
  })

  it('passes answers through before the deadline', async () => {
    const guard = guardTransport(stuckPage(), performance.now() + 60_000)
    await expect(guard.transport.send('Page.enable')).resolves.toEqual({ ok: true })
    guard.dispose()
  })
})
