import { useEffect, useRef } from 'react'
import { LanguageSwitcher } from '../LanguageSwitcher'
import { useI18n } from '../i18n/I18n'
import type { Locale } from '../i18n/translate'

export interface AppHeaderProps {
  onLanguage: (locale: Locale) => void
  /** the open vault's folder; null while locked */
  vaultPath: string | null
  onLock: () => void
  onHome: () => void
}

/** The last part of a path, on either kind of separator. */
function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path
}

/** The app's name, the open vault, the language and, while unlocked, the lock. */
export function AppHeader(props: AppHeaderProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const header = useRef<HTMLElement>(null)
  // Its height, for the sidebar under it (--header-height): the sidebar scrolls on its own
  // and must end at the window's bottom, or its last items cannot be scrolled into view.
  useEffect(() => {
    const element = header.current
    if (element === null) return undefined
    const root = document.documentElement
    const observer = new ResizeObserver(() => {
      root.style.setProperty('--header-height', `${element.offsetHeight}px`)
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
    }
  }, [])
  return (
    <header className="app-header" ref={header}>
      <div className="brand">
        {props.vaultPath === null ? (
          <span className="app-name">{t('app.name')}</span>
        ) : (
          <button type="button" className="app-name home" onClick={props.onHome}>
            {t('app.name')}
          </button>
        )}
        {props.vaultPath !== null && (
          <span className="vault-name" title={props.vaultPath}>
            {t('ui.header.vault', { name: folderName(props.vaultPath) })}
          </span>
        )}
      </div>
      <div className="header-tools">
        <LanguageSwitcher locale={locale} onChange={props.onLanguage} />
        {props.vaultPath !== null && (
          <button type="button" className="lock" onClick={props.onLock}>
            {t('ui.lock')}
          </button>
        )}
      </div>
    </header>
  )
}
