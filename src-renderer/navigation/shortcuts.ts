/**
 * A keyboard shortcut, matched by the physical key (`KeyboardEvent.code`), so that it works
 * the same with a Kazakh, Russian or Latin layout: Ctrl+Shift+N is the same key whatever
 * letter the layout puts on it. Ctrl+Shift, like the panic lock (Ctrl+Shift+L): Alt+letter
 * opens the menu on Windows and Linux, and Alt+Shift switches the layout there.
 */
export interface Shortcut {
  /** e.g. 'KeyN' */
  code: string
  /** what the page shows, e.g. 'Ctrl+Shift+N' */
  label: string
  /** for aria-keyshortcuts, e.g. 'Control+Shift+N' */
  aria: string
}

export function ctrlShift(letter: string): Shortcut {
  return {
    code: `Key${letter}`,
    label: `Ctrl+Shift+${letter}`,
    aria: `Control+Shift+${letter}`
  }
}

/** Whether `event` is `shortcut` (⌘ stands in for Ctrl on a Mac). */
export function matches(event: KeyboardEvent, shortcut: Shortcut): boolean {
  return (
    (event.ctrlKey || event.metaKey) &&
    event.shiftKey &&
    !event.altKey &&
    event.code === shortcut.code
  )
}

/** Shortcuts that are not a screen of the sidebar. */
export const SEARCH_SHORTCUT = ctrlShift('F')
/** The same keys as the app's panic lock, which the main process holds while a vault is open. */
export const LOCK_SHORTCUT = ctrlShift('L')
