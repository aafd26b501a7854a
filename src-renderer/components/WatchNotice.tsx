import { useEffect, useState } from 'react'
import type { WatchProbeEvent } from '../../src-main/common/contract/WatchApi'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'

export interface WatchNoticeProps {
  bridge: DalelBridge
  onOpen: () => void
}

/**
 * The app's own word when a watched address changes state (up → unavailable, and back), on
 * every screen while the vault is unlocked; read out politely, kept until dismissed. Unlike
 * the system notification it names the address: it lives only in the page.
 */
export function WatchNotice({ bridge, onOpen }: WatchNoticeProps): React.JSX.Element | null {
  const { t } = useI18n()
  const [changes, setChanges] = useState<WatchProbeEvent[]>([])
  useEffect(
    () =>
      bridge.on('watchProbe', (event) => {
        if (event.before !== undefined)
          setChanges((seen) => [...seen.filter((e) => e.url !== event.url), event])
      }),
    [bridge]
  )
  return (
    <div role="status" aria-live="polite">
      {changes.length > 0 && (
        <div className={`notice ${changes.some((c) => c.after !== 'up') ? 'warning' : 'info'}`}>
          <ul className="watch-changes">
            {changes.map((change) => (
              <li key={change.url}>
                {t('ui.watch.changed', {
                  url: change.url,
                  after: t(`status.${change.after}`),
                  before: t(`status.${change.before ?? 'up'}`)
                })}
              </li>
            ))}
          </ul>
          <div className="actions">
            <button
              type="button"
              className="link"
              onClick={() => {
                setChanges([])
                onOpen()
              }}
            >
              {t('ui.watch.open')}
            </button>
            <button
              type="button"
              className="link"
              onClick={() => {
                setChanges([])
              }}
            >
              {t('ui.watch.dismiss')}
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
