import { useEffect, useState } from 'react'
import type { TimestampingView } from '../../src-main/common/contract/VaultApi'
import { TimestampingChoice } from '../components/TimestampingChoice'
import { ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

/**
 * Settings → trusted timestamps: the vault's own setting (an entry in the vault, so the CLI
 * and a restored copy agree), whether every entry is covered, and the authorities asked.
 */
export function TrustedTimeSettings({ bridge }: { bridge: DalelBridge }): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const { run } = call
  const [view, setView] = useState<TimestampingView | null>(null)
  // The box follows the click at once; the vault's answer (or an error) settles it.
  const [asked, setAsked] = useState<boolean | null>(null)

  useEffect(() => {
    let current = true
    const read = async () => {
      const found = await run(() => bridge.getTimestamping())
      if (current && found !== null) setView(found)
    }
    void read()
    const stop = bridge.on('timestamped', () => {
      void read()
    })
    return () => {
      current = false
      stop()
    }
  }, [bridge, run])

  const change = async (enabled: boolean) => {
    setAsked(enabled)
    const next = await run(() => bridge.setTimestamping({ enabled }))
    if (next !== null) setView(next)
    setAsked(null)
  }

  const authorities =
    view === null ? [] : view.authorities.length > 0 ? view.authorities : view.defaults
  return (
    <section aria-labelledby="trusted-time-title">
      <h2 id="trusted-time-title">{t('ui.timestamping.title')}</h2>
      <ErrorNotice text={call.error} />
      {view !== null && (
        <>
          <TimestampingChoice
            checked={asked ?? view.enabled}
            disabled={call.busy}
            onChange={(enabled) => {
              void change(enabled)
            }}
          />
          <p className="muted" role="status">
            {view.enabled
              ? view.uncovered
                ? t('ui.timestamping.uncovered')
                : t('ui.timestamping.covered')
              : t('ui.timestamping.off')}
          </p>
          <p className="muted">
            {t('ui.timestamping.authorities', { authorities: authorities.join(', ') })}
          </p>
        </>
      )}
    </section>
  )
}
