import type { DalelBridge, DalelEvents, EventName, MethodName } from '../common/contract/DalelApi'
import {
  DROPPED_FILES_CHANNEL,
  EVENT_NAMES,
  METHOD_NAMES,
  channelOf
} from '../common/contract/DalelApi'
import type { Result } from '../common/contract/Result'

type Listener = (event: unknown, ...args: unknown[]) => void

/** The parts of Electron's ipcRenderer the bridge uses; tests pass a fake. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: Listener): unknown
  removeListener(channel: string, listener: Listener): unknown
}

function isEventName(name: unknown): name is EventName {
  return (EVENT_NAMES as readonly unknown[]).includes(name)
}

/** What the page gets when the main process did not answer at all (it never throws). */
const NO_ANSWER: Result<never> = {
  ok: false,
  error: { code: 'internal', params: {}, message: 'The main process did not answer.' }
}

/**
 * The path of a file from a drop (Electron's webUtils.getPathForFile): '' for anything that
 * is not a File of the page's own drop or file input, which is all a page could forge.
 */
export type PathForFile = (file: unknown) => string

/**
 * `window.dalel`: one function per method of the contract, each sending its one argument on
 * the method's own channel and resolving with the main process's Result; `on` for the
 * contract's events; `droppedFiles`; the version. Nothing else: the page cannot name a
 * channel, and no Electron object (ipcRenderer, an IpcRendererEvent) ever reaches it —
 * listeners receive the payload alone.
 */
export function createBridge(
  ipc: IpcRendererLike,
  version: string,
  pathForFile: PathForFile
): DalelBridge {
  const bridge: Record<string, unknown> = {}
  for (const name of METHOD_NAMES) {
    bridge[name] = async (arg?: unknown): Promise<unknown> => {
      try {
        return await ipc.invoke(channelOf(name satisfies MethodName), arg)
      } catch {
        return NO_ANSWER
      }
    }
  }
  bridge.on = <E extends EventName>(
    event: E,
    listener: (payload: DalelEvents[E]) => void
  ): (() => void) => {
    if (!isEventName(event)) throw new TypeError(`dalel.on: unknown event ${String(event)}`)
    if (typeof listener !== 'function') throw new TypeError('dalel.on: listener must be a function')
    const channel = channelOf(event)
    const wrapped: Listener = (_event, payload) => {
      listener(payload as DalelEvents[E])
    }
    ipc.on(channel, wrapped)
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      ipc.removeListener(channel, wrapped)
    }
  }
  // The page gives File objects, never paths: the paths are read here, so a compromised
  // page can get granted only what the person dropped (DROPPED_FILES_CHANNEL).
  bridge.droppedFiles = async (files: unknown): Promise<unknown> => {
    const paths: string[] = []
    for (const file of Array.isArray(files) ? (files as unknown[]) : []) {
      let path = ''
      try {
        path = pathForFile(file)
      } catch {
        path = ''
      }
      if (path !== '') paths.push(path)
    }
    try {
      return await ipc.invoke(DROPPED_FILES_CHANNEL, paths)
    } catch {
      return NO_ANSWER
    }
  }
  bridge.version = version
  return Object.freeze(bridge) as DalelBridge
}
