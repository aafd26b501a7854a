import { useCallback, useEffect, useMemo, useState } from 'react'
import type { LockReason } from '../src-main/common/contract/DalelApi'
import type { VaultSummary } from '../src-main/common/contract/VaultApi'
import { AppHeader } from './components/AppHeader'
import { ErrorNotice } from './components/Notice'
import type { DalelBridge } from './dalelBridge'
import { getDalelBridge } from './dalelBridge'
import { I18nContext, i18nFor, useI18n } from './i18n/I18n'
import { errorText } from './errorText'
import { pickLocale, translate } from './i18n/translate'
import type { Locale } from './i18n/translate'
import { AddIncidentScreen } from './screens/AddIncidentScreen'
import { AddNoteScreen } from './screens/AddNoteScreen'
import { CaptureScreen } from './screens/CaptureScreen'
import { CreateVaultScreen } from './screens/CreateVaultScreen'
import { EntryListScreen } from './screens/EntryListScreen'
import { EntryScreen } from './screens/EntryScreen'
import { RecoveryCodeScreen } from './screens/RecoveryCodeScreen'
import { UnlockScreen } from './screens/UnlockScreen'

/** Where the page is. Only `recovery` holds a secret, and only until it is left. */
type View =
  | { screen: 'starting' }
  | { screen: 'create' }
  | { screen: 'recovery'; code: string }
  | { screen: 'unlock'; lockedReason: LockReason | null }
  | { screen: 'entries' }
  | { screen: 'note' }
  | { screen: 'incident' }
  | { screen: 'capture' }
  | { screen: 'entry'; seq: number }

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
  const [failure, setFailure] = useState<string | null>(null)
  const { t } = useI18n()

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
        setView({ screen: 'entries' })
      } else if (settings.ok && settings.value.lastVaultPath !== null) {
        setView({ screen: 'unlock', lockedReason: null })
      } else {
        setView({ screen: 'create' })
      }
    }
    void start()
  }, [bridge, setLocale])

  const changeLanguage = async (next: Locale) => {
    setLocale(next)
    const saved = await bridge.setSettings({ language: next })
    setFailure(saved.ok ? null : errorText(t, saved.error))
  }

  const lock = async () => {
    const result = await bridge.lock()
    if (result.ok) locked('user')
    else setFailure(errorText(t, result.error))
  }

  const opened = (summary: VaultSummary) => {
    setVault(summary)
    setLastVaultPath(summary.path)
    setView({ screen: 'entries' })
  }
  const open = (seq: number) => {
    setView({ screen: 'entry', seq })
  }
  const home = () => {
    setView({ screen: 'entries' })
  }

  return (
    <div className="app">
      <AppHeader
        onLanguage={(next) => void changeLanguage(next)}
        // While the recovery code shows, nothing leads away from it but its own button.
        vaultPath={view.screen === 'recovery' ? null : (vault?.path ?? null)}
        onLock={() => void lock()}
        onHome={home}
      />
      <main className="app-main">
        <ErrorNotice text={failure} />
        {(() => {
          switch (view.screen) {
            case 'starting':
              return null
            case 'create':
              return (
                <CreateVaultScreen
                  bridge={bridge}
                  onCreated={(code, summary) => {
                    setVault(summary)
                    setLastVaultPath(summary.path)
                    setView({ screen: 'recovery', code })
                  }}
                  onOpenExisting={() => {
                    setView({ screen: 'unlock', lockedReason: null })
                  }}
                />
              )
            case 'recovery':
              return <RecoveryCodeScreen code={view.code} onDone={home} />
            case 'unlock':
              return (
                <UnlockScreen
                  bridge={bridge}
                  lastVaultPath={lastVaultPath}
                  lockedReason={view.lockedReason}
                  onUnlocked={opened}
                  onCreateNew={() => {
                    setView({ screen: 'create' })
                  }}
                />
              )
            case 'entries':
              return (
                <EntryListScreen
                  bridge={bridge}
                  onOpen={open}
                  onAdd={(screen) => {
                    setView({ screen })
                  }}
                />
              )
            case 'note':
              return <AddNoteScreen bridge={bridge} onSaved={open} onCancel={home} />
            case 'incident':
              return <AddIncidentScreen bridge={bridge} onSaved={open} onCancel={home} />
            case 'capture':
              return <CaptureScreen bridge={bridge} onOpen={open} onCancel={home} />
            case 'entry':
              return (
                <EntryScreen
                  key={view.seq}
                  bridge={bridge}
                  seq={view.seq}
                  onBack={home}
                  onOpen={open}
                />
              )
          }
        })()}
      </main>
      <footer className="app-footer">
        <VersionLine version={bridge.version} />
      </footer>
    </div>
  )
}

function VersionLine({ version }: { version: string }): React.JSX.Element {
  const { t } = useI18n()
  return <span>{t('app.version', { version })}</span>
}
