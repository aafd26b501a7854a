import { useCallback, useEffect, useState } from 'react'
import type { LockReason } from '../src-main/common/contract/DalelApi'
import type { VaultSummary } from '../src-main/common/contract/VaultApi'
import type { DalelBridge } from './dalelBridge'
import type { Locale } from './i18n/translate'
import type { View } from './navigation/View'
import type { Failure } from './useCall'

export interface VaultSession {
  view: View
  setView: (view: View) => void
  /** the open vault; null while locked */
  vault: VaultSummary | null
  /** the vault the unlock screen offers */
  lastVaultPath: string | null
  /** the last failure of the page's own calls (lock, language), shown above the screen */
  failure: Failure | null
  setFailure: (failure: Failure | null) => void
  /** a vault was unlocked or restored: show its timeline */
  opened: (summary: VaultSummary) => void
  /** a vault was created: show its recovery code, once */
  created: (code: string, summary: VaultSummary) => void
  lock: () => Promise<void>
  changeLanguage: (next: Locale) => Promise<void>
}

/**
 * Which vault is open and which screen shows: the start from the saved settings, and locking
 * from here or from the main process.
 */
export function useVaultSession(
  bridge: DalelBridge,
  setLocale: (locale: Locale) => void
): VaultSession {
  const [view, setView] = useState<View>({ screen: 'starting' })
  const [vault, setVault] = useState<VaultSummary | null>(null)
  const [lastVaultPath, setLastVaultPath] = useState<string | null>(null)
  const [failure, setFailure] = useState<Failure | null>(null)

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

  const lock = useCallback(async () => {
    const result = await bridge.lock()
    if (result.ok) locked('user')
    else setFailure({ from: 'service', error: result.error })
  }, [bridge, locked])

  const changeLanguage = async (next: Locale) => {
    setLocale(next)
    const saved = await bridge.setSettings({ language: next })
    setFailure(saved.ok ? null : { from: 'service', error: saved.error })
  }

  const opened = (summary: VaultSummary) => {
    setVault(summary)
    setLastVaultPath(summary.path)
    setView({ screen: 'timeline' })
  }
  const created = (code: string, summary: VaultSummary) => {
    setVault(summary)
    setLastVaultPath(summary.path)
    setView({ screen: 'recovery', code })
  }

  return {
    view,
    setView,
    vault,
    lastVaultPath,
    failure,
    setFailure,
    opened,
    created,
    lock,
    changeLanguage
  }
}
