import type { DalelEvents, EventName, MethodName } from '../common/contract/DalelApi'
import { DROPPED_FILES_CHANNEL, METHOD_NAMES, channelOf } from '../common/contract/DalelApi'
import type { Result } from '../common/contract/Result'
import type { ErrorCode } from '../common/errors/DalelError'
import type { ApiHandlers } from '../node/api/createApiHandlers'
import { isAppPageUrl } from './appOrigin'

/** The parts of Electron's IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  readonly sender: unknown
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

/** The parts of Electron's ipcMain the registration uses; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

/** The parts of the main window's WebContents that events are sent through. */
export interface EventTarget {
  send(channel: string, payload: unknown): void
  isDestroyed(): boolean
  getURL(): string
}

/**
 * Whether a request comes from the app's own page: sent by the main window's web contents,
 * from its top frame (not an iframe), and that frame showing app://dalel/index.html. A
 * capture window, a frame that navigated away, or a frame already gone (senderFrame null)
 * is refused.
 * @param appContents the main window's WebContents, or null while there is none
 */
export function isAppSender(event: InvokeEventLike, appContents: unknown): boolean {
  const frame = event.senderFrame
  return (
    appContents !== null &&
    event.sender === appContents &&
    frame !== null &&
    frame.parent === null &&
    isAppPageUrl(frame.url)
  )
}

export interface RegisterIpcOptions {
  ipc: IpcMainLike
  handlers: ApiHandlers
  /** the main window's WebContents, or null */
  appContents: () => unknown
  /** the user-facing text of an error code, in the user's language */
  message: (code: ErrorCode) => string
  /** a refused request, for the log: which method, from which frame */
  onRefused?: (method: MethodName, frameUrl: string | null) => void
  /** after every answered request (the auto-lock re-reads whether the vault is open) */
  afterCall?: (method: MethodName, result: Result<unknown>) => void
}

/**
 * Answers every method of the contract on its channel (`dalel:<method>`), and only those:
 * the sender is checked first (isAppSender), then the handler validates the argument and
 * answers a Result. Nothing reaches the page as a thrown error: a handler that throws after
 * all is answered with code 'internal'. Returns the function that removes every handler.
 */
export function registerIpc(options: RegisterIpcOptions): () => void {
  const failure = (code: ErrorCode): Result<never> => ({
    ok: false,
    error: { code, params: {}, message: options.message(code) }
  })
  for (const method of METHOD_NAMES) {
    const handler: (args: unknown) => Promise<Result<unknown>> = options.handlers[method]
    options.ipc.handle(channelOf(method), async (event, arg) => {
      if (!isAppSender(event, options.appContents())) {
        options.onRefused?.(method, event.senderFrame?.url ?? null)
        return failure('ipc-refused')
      }
      let result: Result<unknown>
      try {
        result = await handler(arg)
      } catch {
        result = failure('internal')
      }
      options.afterCall?.(method, result)
      return result
    })
  }
  return () => {
    for (const method of METHOD_NAMES) options.ipc.removeHandler(channelOf(method))
  }
}

/** More paths than a drop of files from a file manager ever holds; past it, refused whole. */
const MAX_DROPPED = 1000
const MAX_PATH_CHARS = 4096

/**
 * Answers the preload's grant of dropped files (DROPPED_FILES_CHANNEL): from the app's page
 * only (isAppSender), a list of paths only, each granted through `grant` (ChosenPaths) as
 * the open dialog's choice is. The page cannot reach this channel itself; the preload sends
 * what webUtils.getPathForFile read from the drop's File objects.
 */
export function registerDroppedFiles(options: {
  ipc: IpcMainLike
  appContents: () => unknown
  message: (code: ErrorCode) => string
  grant: (paths: string[]) => Promise<string[]>
}): () => void {
  const failure = (code: ErrorCode): Result<never> => ({
    ok: false,
    error: {
      code,
      params: code === 'invalid-input' ? { field: 'files' } : {},
      message: options.message(code)
    }
  })
  options.ipc.handle(DROPPED_FILES_CHANNEL, async (event, paths) => {
    if (!isAppSender(event, options.appContents())) return failure('ipc-refused')
    if (
      !Array.isArray(paths) ||
      paths.length > MAX_DROPPED ||
      !paths.every((path) => typeof path === 'string' && path.length <= MAX_PATH_CHARS)
    )
      return failure('invalid-input')
    try {
      return { ok: true, value: await options.grant(paths as string[]) }
    } catch {
      return failure('internal')
    }
  })
  return () => {
    options.ipc.removeHandler(DROPPED_FILES_CHANNEL)
  }
}

/**
 * Sends the contract's events to the main window's page, and only while it shows the app's
 * own page; with no window (or one that is closing) events are dropped.
 */
export function createEventSender(
  target: () => EventTarget | null
): <E extends EventName>(event: E, payload: DalelEvents[E]) => void {
  return (event, payload) => {
    const contents = target()
    if (contents === null || contents.isDestroyed() || !isAppPageUrl(contents.getURL())) return
    contents.send(channelOf(event), payload)
  }
}
