import { useEffect } from 'react'
import type { RefObject } from 'react'

/**
 * A new screen: its heading takes the focus, so a screen reader says where the person is
 * and Tab starts from the top of the new content. A field the screen focused itself (the
 * passphrase on unlock) keeps it.
 * @param key changes when the screen does (viewKey), not on every render
 */
export function useHeadingFocus(main: RefObject<HTMLElement | null>, key: string): void {
  useEffect(() => {
    const heading = main.current?.querySelector('h1')
    const active = document.activeElement
    if (heading === null || heading === undefined) return
    if (active instanceof HTMLInputElement && main.current?.contains(active) === true) return
    heading.tabIndex = -1
    heading.focus()
  }, [main, key])
}
