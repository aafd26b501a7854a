import { describe, expect, it } from 'vitest'
import {
  DROPPED_FILES_CHANNEL,
  EVENT_NAMES,
  METHOD_NAMES,
  channelOf
} from '../common/contract/DalelApi'
import type { EventName } from '../common/contract/DalelApi'
import { createBridge } from './createBridge'
import type { IpcRendererLike } from './createBridge'

type Listener = (event: unknown, ...args: unknown[]) => void

/** ipcRenderer as the bridge sees it: invocations recorded, events emitted by hand. */
class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: { channel: string; args: unknown[] }[] = []
  readonly listeners = new Map<string, Listener[]>()
  answer: (channel: string) => Promise<unknown> = () => Promise.resolve({ ok: true, value: null })

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args })
    return this.answer(channel)
  }

  on(channel: string, listener: Listener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener])
    return this
  }

  removeListener(channel: string, listener: Listener): this {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== listener)
    )
    return this
  }

  /** What Electron does on webContents.send: the IpcRendererEvent first, then the payload. */
  emit(channel: string, payload: unknown): void {
    const electronEvent = { sender: { send: () => undefined }, ports: [] }
    for (const listener of this.listeners.get(channel) ?? []) listener(electronEvent, payload)
  }
}

/** A page without drops: no object has a path. */
const noPaths = (): string => ''

/** webUtils.getPathForFile as the tests stand it in: only the drop's own File objects have a path. */
class DroppedFileFake {
  constructor(
    readonly name: string,
    readonly path: string
  ) {}
  readonly size = 1
}
const pathOfFake = (file: unknown): string => {
  if (!(file instanceof DroppedFileFake)) throw new TypeError('not a File')
  return file.path
}

describe('createBridge (window.dalel)', () => {
  it('exposes exactly the contract: its methods, on, droppedFiles, and version', () => {
    const bridge = createBridge(new FakeIpcRenderer(), '1.2.3', noPaths)
    // Deliberately pinned: a key added to window.dalel is a door into the main process.
    expect(Object.keys(bridge).sort()).toEqual(
      [...METHOD_NAMES, 'droppedFiles', 'on', 'version'].sort()
    )
    expect(typeof bridge.droppedFiles).toBe('function')
    expect(bridge.version).toBe('1.2.3')
    for (const name of METHOD_NAMES) expect(typeof bridge[name], name).toBe('function')
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it('sends each method on its own channel with its one argument', async () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc, '0', noPaths)
    await bridge.search({ query: 'тінту' })
    await bridge.status()
    await bridge.unlock({ path: '/v', secret: { passphrase: 'p' } })
    expect(ipc.invoked).toEqual([
      { channel: 'dalel:search', args: [{ query: 'тінту' }] },
      { channel: 'dalel:status', args: [undefined] },
      { channel: 'dalel:unlock', args: [{ path: '/v', secret: { passphrase: 'p' } }] }
    ])
  })

  it('resolves with the main process answer, failures included', async () => {
    const ipc = new FakeIpcRenderer()
    const refusal = { ok: false, error: { code: 'wrong-passphrase', params: {}, message: 'x' } }
    ipc.answer = () => Promise.resolve(refusal)
    const result = await createBridge(ipc, '0', noPaths).unlock({
      path: '/v',
      secret: { passphrase: 'p' }
    })
    expect(result).toEqual(refusal)
  })

  it('turns a missing answer into an internal failure instead of a rejection', async () => {
    const ipc = new FakeIpcRenderer()
    ipc.answer = () => Promise.reject(new Error("No handler registered for 'dalel:verify'"))
    const result = await createBridge(ipc, '0', noPaths).verify()
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('internal')
  })

  it('gives listeners the payload alone, never the Electron event', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc, '0', noPaths)
    const heard: unknown[][] = []
    bridge.on('locked', (...args: unknown[]) => heard.push(args))
    ipc.emit(channelOf('locked'), { reason: 'idle' })
    expect(heard).toEqual([[{ reason: 'idle' }]])
  })

  it('unsubscribes once, leaving other listeners in place', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc, '0', noPaths)
    const a: unknown[] = []
    const b: unknown[] = []
    const offA = bridge.on('captureProgress', (p) => a.push(p))
    bridge.on('captureProgress', (p) => b.push(p))
    offA()
    offA()
    ipc.emit(channelOf('captureProgress'), { index: 1 })
    expect(a).toEqual([])
    expect(b).toEqual([{ index: 1 }])
  })

  it('subscribes only to the contract events, on their channels', () => {
    const ipc = new FakeIpcRenderer()
    const bridge = createBridge(ipc, '0', noPaths)
    for (const event of EVENT_NAMES) bridge.on(event, () => undefined)
    expect([...ipc.listeners.keys()].sort()).toEqual(EVENT_NAMES.map(channelOf).sort())
    // As a page script could call it: any string, any value.
    const untyped = bridge as unknown as { on(event: string, listener: unknown): () => void }
    const on = (event: string, listener: unknown) => untyped.on(event, listener)
    expect(() => on('dalel:locked', () => undefined)).toThrow(TypeError)
    expect(() => on('ELECTRON_BROWSER_REQUIRE', () => undefined)).toThrow(TypeError)
    expect(() => on('locked' satisfies EventName, 'not a function')).toThrow(TypeError)
    expect(ipc.listeners.has('ELECTRON_BROWSER_REQUIRE')).toBe(false)
  })

  it('sends the main process only the paths read from dropped files, never one the page names', async () => {
    const ipc = new FakeIpcRenderer()
    ipc.answer = () => Promise.resolve({ ok: true, value: ['/home/a/протокол.jpg'] })
    const bridge = createBridge(ipc, '0', pathOfFake)
    const dropped = new DroppedFileFake('протокол.jpg', '/home/a/протокол.jpg')
    // What a compromised page could pass instead of a File: objects and strings with paths.
    const forged = [{ name: 'id_rsa', size: 1, path: '/home/a/.ssh/id_rsa' }, '/etc/shadow']
    const result = await bridge.droppedFiles([dropped, ...(forged as never[])])
    expect(ipc.invoked).toEqual([
      { channel: DROPPED_FILES_CHANNEL, args: [['/home/a/протокол.jpg']] }
    ])
    expect(result).toEqual({ ok: true, value: ['/home/a/протокол.jpg'] })
    // Not a list at all: nothing to grant, still one answer.
    await bridge.droppedFiles('/etc/shadow' as never)
    expect(ipc.invoked[1]).toEqual({ channel: DROPPED_FILES_CHANNEL, args: [[]] })
  })

  it('keeps the drop channel apart from the methods the page can call', () => {
    expect(METHOD_NAMES.map(channelOf)).not.toContain(DROPPED_FILES_CHANNEL)
  })
})
