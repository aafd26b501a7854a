import { afterAll, beforeAll } from 'vitest'

/**
 * Something a describe block's tests share (a vault, a service): `open` runs before the
 * block's first test, its `close` after the last. The object returned stands for what `open`
 * made; read it inside tests and hooks, not at collection time, when it does not exist yet.
 */
export function useDescribeScope<T extends object>(
  name: string,
  open: () => Promise<T & { close(): Promise<void> }>
): Readonly<Omit<T, 'close'>> {
  let opened: (T & { close(): Promise<void> }) | null = null
  beforeAll(async () => {
    opened = await open()
  })
  afterAll(async () => {
    await opened?.close()
  })
  return new Proxy({} as Omit<T, 'close'>, {
    get(_target, key) {
      if (opened === null) throw new Error(`${name}: it exists only inside tests and hooks`)
      return Reflect.get(opened, key) as unknown
    }
  })
}
