import { useI18n } from '../i18n/I18n'
import { NAV_GROUPS, NAV_SCREENS } from '../navigation/screens'
import type { NavScreenId } from '../navigation/screens'
import { LOCK_SHORTCUT, SEARCH_SHORTCUT } from '../navigation/shortcuts'

export interface SidebarProps {
  current: NavScreenId | null
  onGo: (screen: NavScreenId) => void
}

/** Every screen of an open vault, grouped, with its shortcut written beside it. */
export function Sidebar(props: SidebarProps): React.JSX.Element {
  const { t } = useI18n()
  return (
    <nav className="sidebar" aria-label={t('ui.nav.label')}>
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
    </nav>
  )
}
