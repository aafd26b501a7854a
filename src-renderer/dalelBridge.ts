// The one module that talks to `window.dalel`, the object the preload exposes (DESIGN "Layout").

/** What the preload exposes; it grows into the typed IPC contract of src-main/common. */
export interface DalelBridge {
  readonly version: string
  ping(): Promise<string>
}

declare global {
  interface Window {
    /** Absent when the UI runs in a plain browser (UI tests, screenshots). */
    readonly dalel?: DalelBridge
  }
}

export function getDalelBridge(): DalelBridge | null {
  return window.dalel ?? null
}
