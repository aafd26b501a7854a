import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LockReason } from '../src-main/common/contract/DalelApi'
import type { VaultSummary } from '../src-main/common/contract/VaultApi'
import { AppHeader } from './components/AppHeader'
import { BackupReminder } from './components/BackupReminder'
import { ErrorNotice } from './components/Notice'
import { WatchNotice } from './components/WatchNotice'
import { Sidebar } from './components/Sidebar'
import type { DalelBridge } from './dalelBridge'
import { getDalelBridge } from './dalelBridge'
import { I18nContext, i18nFor, useI18n } from './i18n/I18n'
import { pickLocale, translate } from './i18n/translate'
import type { Locale } from './i18n/translate'
import { NAV_SCREENS } from './navigation/screens'
import { isNavScreen, viewKey } from './navigation/View'
import type { View } from './navigation/View'
import { LOCK_SHORTCUT, SEARCH_SHORTCUT, matches } from './navigation/shortcuts'
import { AddIncidentScreen } from './screens/AddIncidentScreen'
import { AddNoteScreen } from './screens/AddNoteScreen'
import { BackupScreen } from './screens/BackupScreen'
import { CaptureScreen } from './screens/CaptureScreen'
import { AttachScreen } from './screens/AttachScreen'
import { WatchListScreen } from './screens/WatchListScreen'
import { RecheckScreen } from './screens/RecheckScreen'
import { CreateVaultScreen } from './screens/CreateVaultScreen'
import { EntryScreen } from './screens/EntryScreen'
import { ExportDoneScreen } from './screens/ExportDoneScreen'
import { ExportScreen } from './screens/ExportScreen'
import { RecoveryCodeScreen } from './screens/RecoveryCodeScreen'
import { RestoreScreen } from './screens/RestoreScreen'
import { AmendScreen } from './screens/AmendScreen'
import { SettingsScreen } from './screens/SettingsScreen'
import { TimelineScreen } from './screens/TimelineScreen'
import { VerifyBundleScreen } from './screens/VerifyBundleScreen'
import { VerifyScreen } from './screens/VerifyScreen'
import { WithdrawScreen } from './screens/WithdrawScreen'
import { UnlockScreen } from './screens/UnlockScreen'
import { failureText } from './useCall'
import { useFileDrop } from './useFileDrop'
import type { Failure } from './useCall'

export function App(): React.JSX.Element {
  const bridge = getDalelBridge()
  const [locale, setLocale] = useState<Locale>(() => pickLocale(navigator.language))
  const i18n = useMemo(() => i18nFor(locale), [locale])

  useEffect(() => {
    document.documentElement.lang = locale
    document.title = translate(locale, 'app.name')
  }, [locale])

  return (
    <I18nContext.Provider value={i18n}>
      {bridge === null ? (
        <main className="app-main">
          <ErrorNotice text={i18n.t('ui.noBridge')} />
        </main>
      ) : (
        <Vault bridge={bridge} setLocale={setLocale} />
      )}
    </I18nContext.Provider>
  )
}

function Vault({
  bridge,
  setLocale
}: {
  bridge: DalelBridge
  setLocale: (locale: Locale) => void
}): React.JSX.Element {
  const [view, setView] = useState<View>({ screen: 'starting' })
  const [vault, setVault] = useState<VaultSummary | null>(null)
  const [lastVaultPath, setLastVaultPath] = useState<string | null>(null)
  const [failure, setFailure] = useState<Failure | null>(null)
  /** asked for by the search shortcut: the timeline focuses its search box */
  const [searchRequest, setSearchRequest] = useState(0)
  const { t } = useI18n()
  const main = useRef<HTMLElement>(null)

  // Locking, from here or from the main process (idle, sleep, panic key), forgets everything
  // the page knew of the vault: the screens holding entries unmount with their state.
  const locked = useCallback((reason: LockReason | null) => {
    setVault(null)
    setView({ screen: 'unlock', lockedReason: reason })
  }, [])

  useEffect(
    () =>
      bridge.on('locked', ({ reason }) => {
        locked(reason)
      }),
    [bridge, locked]
  )

  useEffect(() => {
    const start = async () => {
      const settings = await bridge.getSettings()
      if (settings.ok) {
        setLocale(settings.value.language)
        setLastVaultPath(settings.value.lastVaultPath)
      }
      const status = await bridge.status()
      if (status.ok && status.value !== null) {
        setVault(status.value)
        setView({ screen: 'timeline' })
      } else if (settings.ok && settings.value.lastVaultPath !== null) {
        setView({ screen: 'unlock', lockedReason: null })
      } else {
        setView({ screen: 'create' })
      }
    }
    void start()
  }, [bridge, setLocale])

  // A new screen: its heading takes the focus, so a screen reader says where the person is
  // and Tab starts from the top of the new content. A field the screen focused itself (the
  // passphrase on unlock) keeps it.
  const key = viewKey(view)
  useEffect(() => {
    const heading = main.current?.querySelector('h1')
    const active = document.activeElement
    if (heading === null || heading === undefined) return
    if (active instanceof HTMLInputElement && main.current?.contains(active) === true) return
    heading.tabIndex = -1
    heading.focus()
  }, [key])

  const changeLanguage = async (next: Locale) => {
    setLocale(next)
    const saved = await bridge.setSettings({ language: next })
    setFailure(saved.ok ? null : { from: 'service', error: saved.error })
  }

  const lock = useCallback(async () => {
    const result = await bridge.lock()
    if (result.ok) locked('user')
    else setFailure({ from: 'service', error: result.error })
  }, [bridge, locked])

  const unlocked = vault !== null && view.screen !== 'recovery'
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
        setView({ screen: 'timeline' })
        setSearchRequest((n) => n + 1)
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
  }, [unlocked, lock])

  useFileDrop(bridge, {
    unlocked,
    accepts: ['attach', 'timeline', 'entry'].includes(view.screen),
    onDropped: (dropped) => {
      setFailure(null)
      setView({ screen: 'attach', dropped })
    },
    onFailure: setFailure
  })

  const opened = (summary: VaultSummary) => {
    setVault(summary)
    setLastVaultPath(summary.path)
    setView({ screen: 'timeline' })
  }
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
            lastVaultPath={lastVaultPath}
            searchRequest={searchRequest}
            setView={setView}
            opened={opened}
            open={open}
            home={home}
            changeLanguage={(next) => void changeLanguage(next)}
            created={(code, summary) => {
              setVault(summary)
              setLastVaultPath(summary.path)
              setView({ screen: 'recovery', code })
            }}
          />
          {(view.screen === 'unlock' || view.screen === 'create') && (
            // A lawyer at the journalist's laptop checks a bundle without opening the vault;
            // a journalist on a new laptop starts from the backup.
            <p className="start-aside">
              {(
                [
                  ['verifyBundle', 'ui.verifyBundle.fromStart'],
                  ['restore', 'ui.restore.fromStart']
                ] as const
              ).map(([screen, label]) => (
                <button
                  key={screen}
                  type="button"
                  className="link"
                  onClick={() => {
                    setView({ screen, back: view })
                  }}
                >
                  {t(label)}
                </button>
              ))}
            </p>
          )}
        </main>
      </div>
      <footer className="app-footer">
        <VersionLine version={bridge.version} />
      </footer>
    </div>
  )
}

interface ScreenViewProps {
  view: View
  bridge: DalelBridge
  lastVaultPath: string | null
  searchRequest: number
  setView: (view: View) => void
  opened: (summary: VaultSummary) => void
  created: (code: string, summary: VaultSummary) => void
  open: (seq: number) => void
  home: () => void
  changeLanguage: (locale: Locale) => void
}

/** The screen a view names. */
function ScreenView(props: ScreenViewProps): React.JSX.Element | null {
  const { view, bridge, open, home, setView } = props
  switch (view.screen) {
    case 'starting':
      return null
    case 'create':
      return (
        <CreateVaultScreen
          bridge={bridge}
          onCreated={props.created}
          onOpenExisting={() => {
            setView({ screen: 'unlock', lockedReason: null })
          }}
        />
      )
    case 'recovery':
      return 'code' in view ? <RecoveryCodeScreen code={view.code} onDone={home} /> : null
    case 'unlock':
      return (
        <UnlockScreen
          bridge={bridge}
          lastVaultPath={props.lastVaultPath}
          lockedReason={'lockedReason' in view ? view.lockedReason : null}
          onUnlocked={props.opened}
          onCreateNew={() => {
            setView({ screen: 'create' })
          }}
        />
      )
    case 'timeline':
      return (
        <TimelineScreen
          bridge={bridge}
          onOpen={open}
          searchRequest={props.searchRequest}
          onExport={(query) => {
            setView({ screen: 'export', query })
          }}
        />
      )
    case 'note':
      return (
        <AddNoteScreen
          bridge={bridge}
          onSaved={open}
          onCancel={home}
          {...('about' in view ? { about: view.about } : {})}
        />
      )
    case 'incident':
      return <AddIncidentScreen bridge={bridge} onSaved={open} onCancel={home} />
    case 'watch':
      return <WatchListScreen bridge={bridge} onOpen={open} />
    case 'attach':
      return (
        <AttachScreen
          bridge={bridge}
          onSaved={open}
          onCancel={home}
          {...('dropped' in view ? { dropped: view.dropped } : {})}
        />
      )
    case 'capture':
      return <CaptureScreen bridge={bridge} onOpen={open} onCancel={home} />
    case 'recheck':
    case 'recheckEntry': {
      const seq = 'seq' in view ? view.seq : null
      return (
        <RecheckScreen
          key={seq ?? 'all'}
          bridge={bridge}
          seq={seq}
          onOpen={open}
          onCancel={
            seq === null
              ? home
              : () => {
                  open(seq)
                }
          }
        />
      )
    }
    case 'entry':
      return 'seq' in view ? (
        <EntryScreen
          key={view.seq}
          bridge={bridge}
          seq={view.seq}
          onBack={home}
          onOpen={open}
          onAmend={(seq) => {
            setView({ screen: 'amend', seq })
          }}
          onWithdraw={(seq) => {
            setView({ screen: 'withdraw', seq })
          }}
          onRecheck={(seq) => {
            setView({ screen: 'recheckEntry', seq })
          }}
          onNoteAbout={(seq) => {
            setView({ screen: 'note', about: seq })
          }}
          onVerify={() => {
            setView({ screen: 'verify' })
          }}
        />
      ) : null
    case 'amend':
    case 'withdraw': {
      // Both correct one entry and lead back to it, done or not.
      const Correct = view.screen === 'amend' ? AmendScreen : WithdrawScreen
      return (
        <Correct
          key={view.seq}
          bridge={bridge}
          seq={view.seq}
          onDone={open}
          onCancel={() => {
            open(view.seq)
          }}
        />
      )
    }
    case 'export':
      return (
        <ExportScreen
          bridge={bridge}
          initialQuery={'query' in view ? view.query : null}
          onDone={(result) => {
            setView({ screen: 'exportDone', result })
          }}
          onCancel={home}
        />
      )
    case 'exportDone':
      return 'result' in view ? (
        <ExportDoneScreen result={view.result} onOpen={open} onHome={home} />
      ) : null
    case 'verify':
      return <VerifyScreen bridge={bridge} />
    case 'verifyBundle':
      return (
        <VerifyBundleScreen
          bridge={bridge}
          onBack={
            'back' in view
              ? () => {
                  setView(view.back)
                }
              : null
          }
        />
      )
    case 'backup':
      return <BackupScreen bridge={bridge} onOpen={open} />
    case 'restore':
      return (
        <RestoreScreen
          bridge={bridge}
          onRestored={props.opened}
          onCancel={
            'back' in view
              ? () => {
                  setView(view.back)
                }
              : home
          }
        />
      )
    case 'settings':
      return <SettingsScreen bridge={bridge} onLanguage={props.changeLanguage} />
    default: {
      const unknown: never = view
      return unknown
    }
  }
}

function VersionLine({ version }: { version: string }): React.JSX.Element {
  const { t } = useI18n()
  return <span>{t('app.version', { version })}</span>
}
