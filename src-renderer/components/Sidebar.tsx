import { useEffect, useRef, useState } from 'react'
import { useI18n } from '../i18n/I18n'
import { NAV_GROUPS, NAV_SCREENS } from '../navigation/screens'
import type { NavScreenId } from '../navigation/screens'
import { LOCK_SHORTCUT, SEARCH_SHORTCUT } from '../navigation/shortcuts'

export interface SidebarProps {
  current: NavScreenId | null
  onGo: (screen: NavScreenId) => void
}

/** px; the height of the fade at the sidebar's bottom edge (.sidebar-fade in base.css) */
const FADE_HEIGHT = 40

/**
 * Scrolls the sidebar (not the page) so the current screen's item is in view: on a small
 * window the sidebar scrolls on its own, and "Back up now" opened a screen whose item sat
 * below its fold. Only the part of the sidebar inside the window counts as shown, and the
 * item is kept above the fade that says more is below.
 */
function showCurrent(nav: HTMLElement): void {
  const item = nav.querySelector('[aria-current="page"]')
  if (item === null) return
  const area = nav.getBoundingClientRect()
  const box = item.getBoundingClientRect()
  const top = Math.max(area.top, 0)
  const bottom = Math.min(area.bottom, window.innerHeight) - FADE_HEIGHT
  const margin = 8
  if (box.bottom > bottom) nav.scrollTop += box.bottom - bottom + margin
  else if (box.top < top) nav.scrollTop -= top - box.top + margin
}

/** Whether the sidebar can scroll further down (a pixel of rounding is not "more"). */
function hasMoreBelow(nav: HTMLElement): boolean {
  return nav.scrollTop + nav.clientHeight < nav.scrollHeight - 1
}

/** Every screen of an open vault, grouped, with its shortcut written beside it. */
export function Sidebar(props: SidebarProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const nav = useRef<HTMLElement>(null)
  const [moreBelow, setMoreBelow] = useState(false)
  const currentScreen = props.current
  // Again whenever the items move: another screen, another language (names wrap differently),
  // another window size (after the new layout, in the next frame).
  useEffect(() => {
    const element = nav.current
    if (element === null) return undefined
    showCurrent(element)
    setMoreBelow(hasMoreBelow(element))
    let frame = 0
    const onResize = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        showCurrent(element)
        setMoreBelow(hasMoreBelow(element))
      })
    }
    const onScroll = () => {
      setMoreBelow(hasMoreBelow(element))
    }
    window.addEventListener('resize', onResize)
    element.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      cancelAnimationFrame(frame)
      window.removeEventListener('resize', onResize)
      element.removeEventListener('scroll', onScroll)
    }
  }, [currentScreen, locale])
  return (
    <nav
      className={moreBelow ? 'sidebar more-below' : 'sidebar'}
      aria-label={t('ui.nav.label')}
      ref={nav}
    >
      {NAV_GROUPS.map((group) => {
        const screens = NAV_SCREENS.filter((screen) => screen.group === group.id)
        if (screens.length === 0) return null
        return (
          <div key={group.id} className="nav-group">
            <h2 className="nav-group-title" id={`nav-${group.id}`}>
              {t(group.label)}
            </h2>
            <ul aria-labelledby={`nav-${group.id}`}>
              {screens.map((screen) => {
                const shortcut = 'shortcut' in screen ? screen.shortcut : undefined
                return (
                  <li key={screen.id}>
                    <button
                      type="button"
                      aria-current={props.current === screen.id ? 'page' : undefined}
                      aria-keyshortcuts={shortcut?.aria}
                      onClick={() => {
                        props.onGo(screen.id)
                      }}
                    >
                      <span>{t(screen.label)}</span>
                      {shortcut !== undefined && <kbd>{shortcut.label}</kbd>}
                    </button>
                  </li>
                )
              })}
            </ul>
          </div>
        )
      })}
      <dl className="shortcut-list">
        <div>
          <dt>{t('ui.nav.searchShortcut')}</dt>
          <dd>
            <kbd>{SEARCH_SHORTCUT.label}</kbd>
          </dd>
        </div>
        <div>
          <dt>{t('ui.lock')}</dt>
          <dd>
            <kbd>{LOCK_SHORTCUT.label}</kbd>
          </dd>
        </div>
      </dl>
      {/* A calm cue that the list goes on below the window's edge; shown only while it does. */}
      <div className="sidebar-fade" aria-hidden="true" />
    </nav>
  )
}
