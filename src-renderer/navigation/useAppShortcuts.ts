import { useEffect } from 'react'
import { NAV_SCREENS } from './screens'
import { LOCK_SHORTCUT, SEARCH_SHORTCUT, matches } from './shortcuts'
import type { View } from './View'

export interface AppShortcutActions {
  lock: () => Promise<void>
  /** the search shortcut: the timeline, with its search box focused */
  search: () => void
  setView: (view: View) => void
}

/** The lock, search and new-entry shortcuts, while a vault is open (and not before). */
export function useAppShortcuts(unlocked: boolean, actions: AppShortcutActions): void {
  const { lock, search, setView } = actions
  useEffect(() => {
    if (!unlocked) return undefined
    const onKey = (event: KeyboardEvent) => {
      if (matches(event, LOCK_SHORTCUT)) {
        event.preventDefault()
        void lock()
        return
      }
      if (matches(event, SEARCH_SHORTCUT)) {
        event.preventDefault()
        search()
        return
      }
      for (const screen of NAV_SCREENS) {
        if ('shortcut' in screen && matches(event, screen.shortcut)) {
          event.preventDefault()
          setView({ screen: screen.id })
          return
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
    }
  }, [unlocked, lock, search, setView])
}
