import type { BrowserContext, Page } from 'playwright-core'
import type { DalelEvents, EventName, MethodName } from '../../src-main/common/contract/DalelApi'
import { METHOD_NAMES } from '../../src-main/common/contract/DalelApi'
import type { ApiHandlers } from '../../src-main/node/api/createApiHandlers'

/** The binding the page calls; what the preload's ipcRenderer.invoke is in the app. */
const BINDING = '__dalelInvoke'
/** The page function the test process calls to deliver an event. */
const DISPATCH = '__dalelDispatch'

/**
 * The page side of the bridge, run before any script of the page: a `window.dalel` of the
 * contract's shape (every method, `on`, `version`), frozen, like the one the preload builds
 * with contextBridge. Methods go to the binding; events arrive through DISPATCH.
 */
function bridgeScript(version: string): string {
  return `(() => {
  const methods = ${JSON.stringify(METHOD_NAMES)};
  const listeners = new Map();
  Object.defineProperty(globalThis, ${JSON.stringify(DISPATCH)}, {
    value: (event, payload) => {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
    }
  });
  const bridge = {
    version: ${JSON.stringify(version)},
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => { set.delete(listener); };
    }
  };
  for (const name of methods) bridge[name] = (arg) => globalThis.${BINDING}(name, arg);
  Object.defineProperty(globalThis, 'dalel', { value: Object.freeze(bridge) });
})();`
}

function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name)
}

/** Events from the services to the page; `emit` is handed to createApiHandlers. */
export class PageEvents {
  private page: Page | null = null
  /** every event emitted, in order, for the test to read */
  readonly log: { event: EventName; payload: unknown }[] = []

  attach(page: Page): void {
    this.page = page
  }

  readonly emit = <E extends EventName>(event: E, payload: DalelEvents[E]): void => {
    this.log.push({ event, payload })
    const page = this.page
    if (page === null) return
    // Sent in order over the one protocol connection, so the page hears events in order.
    void page
      .evaluate(
        ([name, value, fn]) => {
          const dispatch = (globalThis as unknown as Record<string, unknown>)[fn]
          if (typeof dispatch === 'function')
            (dispatch as (e: string, p: unknown) => void)(name, value)
        },
        [event, payload, DISPATCH] as const
      )
      .catch(() => undefined)
  }
}

/**
 * Binds `window.dalel` in every page of `context` to `handlers`, the way the preload and the
 * main process's IPC do in the app: only calls from a page of `origin` are answered (the
 * main process checks event.senderFrame the same way), and only methods of the contract.
 */
export async function bindDalel(
  context: BrowserContext,
  handlers: ApiHandlers,
  options: { origin: string; version: string }
): Promise<void> {
  await context.exposeBinding(BINDING, async (source, name: unknown, arg: unknown) => {
    if (new URL(source.frame.url()).origin !== options.origin)
      throw new Error('refused: not the app page')
    if (!isMethodName(name)) throw new Error('refused: not a method of the contract')
    return handlers[name](arg)
  })
  await context.addInitScript({ content: bridgeScript(options.version) })
}
