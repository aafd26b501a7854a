import { useCallback } from 'react'
import type { DalelBridge } from '../../dalelBridge'
import { ErrorNotice } from '../../components/Notice'
import { useI18n } from '../../i18n/I18n'
import { useLoad } from '../../useLoad'

/**
 * Every request the captured page made, from the capture's network log (its HAR file), in
 * a frame that scrolls: method, answer, type, size and address.
 */
export function CaptureRequests({
  bridge,
  seq
}: {
  bridge: DalelBridge
  seq: number
}): React.JSX.Element | null {
  const { t, f } = useI18n()
  const { value: log, error } = useLoad(
    useCallback(() => bridge.captureRequests({ seq }), [bridge, seq])
  )

  if (error !== null) return <ErrorNotice text={error} />
  if (log === null || log.total === 0) return null
  return (
    // A plain block, not a region: the frame below is the region the heading names.
    <div className="requests">
      <h2 id="requests-title">{t('ui.entry.requests.title', { count: f.number(log.total) })}</h2>
      {log.requests.length < log.total && (
        <p className="lead">
          {t('ui.entry.requests.more', {
            shown: f.number(log.requests.length),
            total: f.number(log.total)
          })}
        </p>
      )}
      <div className="scroll-box" tabIndex={0} role="region" aria-labelledby="requests-title">
        <table className="requests">
          <thead>
            <tr>
              <th scope="col">{t('ui.entry.requests.method')}</th>
              <th scope="col">{t('report.capture.status')}</th>
              <th scope="col">{t('ui.entry.requests.type')}</th>
              <th scope="col">{t('field.size')}</th>
              <th scope="col">{t('ui.entry.requests.url')}</th>
            </tr>
          </thead>
          <tbody>
            {log.requests.map((r, i) => (
              <tr key={i} className={r.status === 0 || r.status >= 400 ? 'failed' : undefined}>
                <td className="code">{r.method}</td>
                <td className="code">{r.status === 0 ? (r.error ?? '—') : r.status}</td>
                <td className="code">{r.mediaType === '' ? '—' : r.mediaType}</td>
                <td className="number">{r.bytes < 0 ? '—' : f.bytes(r.bytes)}</td>
                <td className="code url">{r.url}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
