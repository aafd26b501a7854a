// The one module that reads `window.dalel`, the object the preload exposes (DESIGN "Layout");
// every screen receives the bridge from here. Its type is the contract's, so a method the
// contract lacks cannot be called and an answer cannot be misread.
import type { DalelBridge } from '../src-main/common/contract/DalelApi'

export type { DalelBridge }

declare global {
  interface Window {
    /** Absent when the page is opened outside Dalel (a plain browser). */
    readonly dalel?: DalelBridge
  }
}

export function getDalelBridge(): DalelBridge | null {
  return window.dalel ?? null
}

// Where the page loads an attachment's bytes for an <img>: the contract's address, served
// from memory while the vault is unlocked.
export { attachmentUrl } from '../src-main/common/contract/DalelApi'
