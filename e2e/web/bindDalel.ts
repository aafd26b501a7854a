import { mkdir, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import type { DalelEvents, EventName, MethodName } from '../../src-main/common/contract/DalelApi'
import { METHOD_NAMES } from '../../src-main/common/contract/DalelApi'
import type { ApiHandlers } from '../../src-main/node/api/createApiHandlers'

/** The binding the page calls; what the preload's ipcRenderer.invoke is in the app. */
const BINDING = '__dalelInvoke'
/** The binding the harness's droppedFiles calls: what the preload's drop grant is in the app. */
const DROP_BINDING = '__dalelDrop'
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
  // Plain Chromium gives a dropped File no path: its bytes go to the test process, which
  // writes them to a file of the same name and answers that path, as the preload answers
  // the dropped file's own path in the app. Anything but a File is left out there too.
  bridge.droppedFiles = async (files) => {
    const sent = [];
    for (const file of Array.isArray(files) ? files : []) {
      if (!(file instanceof File)) continue;
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      sent.push({ name: file.name, base64: btoa(binary) });
    }
    return globalThis.${DROP_BINDING}(sent);
  };
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
  options: {
    origin: string
    version: string
    /** where dropped files are written; without it a drop grants nothing */
    dropDir?: string
  }
): Promise<void> {
  await context.exposeBinding(BINDING, async (source, name: unknown, arg: unknown) => {
    if (new URL(source.frame.url()).origin !== options.origin)
      throw new Error('refused: not the app page')
    if (!isMethodName(name)) throw new Error('refused: not a method of the contract')
    return handlers[name](arg)
  })
  let drops = 0
  await context.exposeBinding(DROP_BINDING, async (source, files: unknown) => {
    if (new URL(source.frame.url()).origin !== options.origin)
      throw new Error('refused: not the app page')
    const paths: string[] = []
    const dropDir = options.dropDir
    if (dropDir === undefined || !Array.isArray(files)) return { ok: true, value: paths }
    for (const file of files as unknown[]) {
      const { name: given, base64 } = (file ?? {}) as { name?: unknown; base64?: unknown }
      if (typeof given !== 'string' || typeof base64 !== 'string') continue
      const name = basename(given)
      if (name === '' || name === '.' || name === '..') continue
      const dir = join(dropDir, String(++drops))
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, name), Buffer.from(base64, 'base64'))
      paths.push(join(dir, name))
    }
    return { ok: true, value: paths }
  })
  await context.addInitScript({ content: bridgeScript(options.version) })
}
