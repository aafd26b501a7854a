import { useCallback, useRef, useState } from 'react'
import { AppHeader } from './components/AppHeader'
import { BackupReminder } from './components/BackupReminder'
import { ErrorNotice } from './components/Notice'
import { Sidebar } from './components/Sidebar'
import { StartAside } from './components/StartAside'
import { VersionLine } from './components/VersionLine'
import { WatchNotice } from './components/WatchNotice'
import type { DalelBridge } from './dalelBridge'
import { useI18n } from './i18n/I18n'
import type { Locale } from './i18n/translate'
import { isNavScreen, viewKey } from './navigation/View'
import { useAppShortcuts } from './navigation/useAppShortcuts'
import { useHeadingFocus } from './navigation/useHeadingFocus'
import { ScreenView } from './screens/ScreenView'
import { failureText } from './useCall'
import { useFileDrop } from './useFileDrop'
import { useVaultSession } from './useVaultSession'

export interface WorkspaceProps {
  bridge: DalelBridge
  setLocale: (locale: Locale) => void
}

/** The page's frame: header, sidebar while unlocked, notices, the current screen, footer. */
export function Workspace({ bridge, setLocale }: WorkspaceProps): React.JSX.Element {
  const session = useVaultSession(bridge, setLocale)
  const { view, setView, vault, failure, setFailure, lock, changeLanguage } = session
  /** asked for by the search shortcut: the timeline focuses its search box */
  const [searchRequest, setSearchRequest] = useState(0)
  const { t } = useI18n()
  const main = useRef<HTMLElement>(null)

  const key = viewKey(view)
  useHeadingFocus(main, key)

  const unlocked = vault !== null && view.screen !== 'recovery'
  const search = useCallback(() => {
    setView({ screen: 'timeline' })
    setSearchRequest((n) => n + 1)
  }, [setView])
  useAppShortcuts(unlocked, { lock, search, setView })

  useFileDrop(bridge, {
    unlocked,
    accepts: ['attach', 'timeline', 'entry'].includes(view.screen),
    onDropped: (dropped) => {
      setFailure(null)
      setView({ screen: 'attach', dropped })
    },
    onFailure: setFailure
  })

  const open = (seq: number) => {
    setView({ screen: 'entry', seq })
  }
  const home = () => {
    setView({ screen: 'timeline' })
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('ui.skipToContent')}
      </a>
      <AppHeader
        onLanguage={(next) => void changeLanguage(next)}
        // While the recovery code shows, nothing leads away from it but its own button.
        vaultPath={unlocked ? vault.path : null}
        onLock={() => void lock()}
        onHome={home}
      />
      <div className={unlocked ? 'app-body with-sidebar' : 'app-body'}>
        {unlocked && (
          <Sidebar
            current={isNavScreen(view.screen) ? view.screen : null}
            onGo={(screen) => {
              setView({ screen })
            }}
          />
        )}
        <main className="app-main" id="main" ref={main} tabIndex={-1}>
          <ErrorNotice text={failureText(t, failure)} />
          {unlocked && (
            <WatchNotice
              bridge={bridge}
              onOpen={() => {
                setView({ screen: 'watch' })
              }}
            />
          )}
          {unlocked && view.screen !== 'backup' && (
            <BackupReminder
              key={key}
              bridge={bridge}
              onBackup={() => {
                setView({ screen: 'backup' })
              }}
            />
          )}
          <ScreenView
            view={view}
            bridge={bridge}
            lastVaultPath={session.lastVaultPath}
            searchRequest={searchRequest}
            setView={setView}
            opened={session.opened}
            open={open}
            home={home}
            changeLanguage={(next) => void changeLanguage(next)}
            created={session.created}
          />
          {(view.screen === 'unlock' || view.screen === 'create') && (
            <StartAside
              onGo={(screen) => {
                setView({ screen, back: view })
              }}
            />
          )}
        </main>
      </div>
      <footer className="app-footer">
        <VersionLine version={bridge.version} />
      </footer>
    </div>
  )
}
