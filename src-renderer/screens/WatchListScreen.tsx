import { useEffect, useState } from 'react'
import type { AvailabilityPoint } from '../../src-main/common/availability/availabilitySummary'
import type { WatchHistoryView, WatchItemView } from '../../src-main/common/contract/WatchApi'
import { Fact } from '../components/Fact'
import { Field } from '../components/Field'
import { ErrorNotice } from '../components/Notice'
import { Time } from '../components/Time'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import type { I18n } from '../i18n/I18n'
import { isMessageKey } from '../i18n/translate'
import { useCall } from '../useCall'
import { entryNumber } from './entryNumber'

export interface WatchListScreenProps {
  bridge: DalelBridge
  onOpen: (seq: number) => void
}

/** The intervals offered, in seconds; the list shows any other (set by a test) in seconds. */
const INTERVALS = [60, 300, 900, 3600] as const

function everyText({ t }: I18n, seconds: number): string {
  const key = `ui.watch.every.${seconds}`
  return isMessageKey(key) ? t(key) : t('ui.watch.everySeconds', { s: seconds })
}

function percent({ f }: I18n, share: number): string {
  return f.number(Math.round(share * 1000) / 10, 1)
}

/** What one look found, as the entry page words it. */
function pointText({ t }: I18n, point: AvailabilityPoint): string {
  const key =
    point.kind === 'probe' ? `probeOutcome.${point.outcome}` : `report.outcome.${point.outcome}`
  return isMessageKey(key) ? t(key, { status: point.status ?? '' }) : point.outcome
}

function failedText(i18n: I18n, item: WatchItemView): string {
  return i18n.t('ui.watch.failedShare', {
    failed: i18n.f.number(item.failed),
    total: i18n.f.number(item.total),
    percent: percent(i18n, item.shareFailed)
  })
}

function TimeOrNone({ iso }: { iso: string | undefined }): React.JSX.Element {
  const { t } = useI18n()
  return iso === undefined ? <>{t('ui.watch.none')}</> : <Time iso={iso} />
}

function StateBadge({ item }: { item: WatchItemView }): React.JSX.Element {
  const { t } = useI18n()
  return item.current === undefined ? (
    <span className="badge">{t('ui.watch.notChecked')}</span>
  ) : (
    <span className={`badge state-${item.current}`}>{t(`status.${item.current}`)}</span>
  )
}

/**
 * The watch list (issue 14): addresses probed from this computer while the vault is
 * unlocked, each with its state, and one address's history — first and last failure,
 * longest outage, share of failed checks, and every probe and capture as a signed entry.
 * The list itself is kept in the vault; each change there is an entry too.
 */
export function WatchListScreen(props: WatchListScreenProps): React.JSX.Element {
  const i18n = useI18n()
  const { t, f } = i18n
  const { bridge } = props
  const call = useCall()
  const [items, setItems] = useState<WatchItemView[] | null>(null)
  const [url, setUrl] = useState('')
  const [every, setEvery] = useState<number>(300)
  const [shown, setShown] = useState<string | null>(null)
  const [history, setHistory] = useState<WatchHistoryView | null>(null)
  const { run } = call

  // Loaded at first and again with each probe the service records (it arrives as an event).
  const [probed, setProbed] = useState(0)
  useEffect(
    () =>
      bridge.on('watchProbe', () => {
        setProbed((n) => n + 1)
      }),
    [bridge]
  )
  useEffect(() => {
    let current = true
    const load = async () => {
      const listed = await bridge.watchList()
      if (current && listed.ok) setItems(listed.value)
      if (shown === null) return
      const found = await bridge.watchHistory({ url: shown })
      if (current && found.ok) setHistory(found.value)
    }
    void load()
    return () => {
      current = false
    }
  }, [bridge, shown, probed])

  const add = async () => {
    if (url.trim() === '') {
      call.setError('ui.watch.needUrl')
      return
    }
    const listed = await run(() => bridge.watchAdd({ url: url.trim(), everySeconds: every }))
    if (listed !== null) {
      setItems(listed)
      setUrl('')
    }
  }
  const act = async (method: 'watchCheck' | 'watchRemove', target: string) => {
    const listed = await run(() => bridge[method]({ url: target }))
    if (listed !== null) setItems(listed)
  }

  if (shown !== null && history !== null)
    return (
      <section className="screen" aria-labelledby="watch-history-title">
        <div className="screen-head">
          <h1 id="watch-history-title" className="watch-url">
            {t('ui.watch.historyOf', { url: history.url })}
          </h1>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setShown(null)
              setHistory(null)
            }}
          >
            {t('ui.watch.back')}
          </button>
        </div>
        {!history.watched && <p className="lead">{t('ui.watch.notWatched')}</p>}
        <dl className="facts" aria-label={t('ui.watch.summaryLabel')}>
          <Fact label={t('ui.watch.current')}>
            <StateBadge item={history} />
          </Fact>
          <Fact label={t('ui.watch.column.failed')}>{failedText(i18n, history)}</Fact>
          <Fact label={t('ui.watch.firstFailure')}>
            <TimeOrNone iso={history.firstFailure} />
          </Fact>
          <Fact label={t('ui.watch.lastFailure')}>
            <TimeOrNone iso={history.lastFailure} />
          </Fact>
          <Fact label={t('ui.watch.longestOutage')}>
            {history.longestOutage === undefined
              ? t('ui.watch.none')
              : t(
                  history.longestOutage.to === undefined
                    ? 'ui.watch.outageOngoing'
                    : 'ui.watch.outage',
                  {
                    duration: f.duration(history.longestOutage.ms / 1000),
                    from: f.dateTime(history.longestOutage.from)
                  }
                )}
          </Fact>
        </dl>
        <h2>{t('ui.watch.looks')}</h2>
        {history.points.length < history.total && (
          <p className="hint">
            {t('ui.watch.shown', {
              shown: f.number(history.points.length),
              total: f.number(history.total)
            })}
          </p>
        )}
        <table className="watch-history">
          <thead>
            <tr>
              <th scope="col">{t('ui.watch.column.time')}</th>
              <th scope="col">{t('ui.watch.column.state')}</th>
              <th scope="col">{t('ui.watch.column.outcome')}</th>
              <th scope="col">{t('ui.watch.column.entry')}</th>
            </tr>
          </thead>
          <tbody>
            {history.points.map((point) => (
              <tr key={point.seq}>
                <td className="time">
                  <Time iso={point.at} />
                </td>
                <td>
                  <span className={`badge state-${point.availability}`}>
                    {t(`status.${point.availability}`)}
                  </span>
                </td>
                <td>
                  {t(`kind.${point.kind}`)}: {pointText(i18n, point)}
                </td>
                <td className="seq">
                  <button
                    type="button"
                    className="link"
                    onClick={() => {
                      props.onOpen(point.seq)
                    }}
                  >
                    {entryNumber(i18n.locale, point.seq)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    )

  return (
    <section className="screen narrow" aria-labelledby="watch-title">
      <h1 id="watch-title">{t('ui.nav.watch')}</h1>
      <p className="lead">{t('ui.watch.intro')}</p>
      <form
        className="form watch-form"
        onChange={() => {
          call.setError(null)
        }}
        onSubmit={(event) => {
          event.preventDefault()
          void add()
        }}
      >
        <Field
          label={t('ui.watch.url')}
          value={url}
          onChange={setUrl}
          type="url"
          code
          placeholder="https://"
        />
        <div className="field">
          <label htmlFor="watch-every">{t('ui.watch.every')}</label>
          <select
            id="watch-every"
            value={every}
            onChange={(event) => {
              setEvery(Number(event.target.value))
            }}
          >
            {INTERVALS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {everyText(i18n, seconds)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={call.busy}>
            {t('ui.watch.add')}
          </button>
        </div>
      </form>
      <ErrorNotice text={call.error} />
      <h2>{t('ui.watch.listLabel')}</h2>
      {items !== null && items.length === 0 && <p className="empty">{t('ui.watch.empty')}</p>}
      {items !== null && items.length > 0 && (
        <ul className="watch-list" aria-label={t('ui.watch.listLabel')}>
          {items.map((item) => (
            <li key={item.url} className="watch-item">
              <div className="watch-head">
                <span className="code watch-url">{item.url}</span>
                <StateBadge item={item} />
              </div>
              <dl className="watch-facts">
                <Fact label={t('ui.watch.column.every')}>{everyText(i18n, item.everySeconds)}</Fact>
                <Fact label={t('ui.watch.column.last')}>
                  {item.lastAt === undefined ? (
                    t('ui.watch.notChecked')
                  ) : (
                    <Time iso={item.lastAt} />
                  )}
                </Fact>
                <Fact label={t('ui.watch.column.failed')}>{failedText(i18n, item)}</Fact>
              </dl>
              <div className="actions">
                {(
                  [
                    [
                      'ui.watch.history',
                      () => {
                        setShown(item.url)
                      }
                    ],
                    ['ui.watch.check', () => void act('watchCheck', item.url)],
                    ['ui.watch.remove', () => void act('watchRemove', item.url)]
                  ] as const
                ).map(([label, onClick]) => (
                  <button
                    key={label}
                    type="button"
                    className="secondary"
                    // The visible word first, then the address: a screen reader tells the
                    // three rows' buttons apart, and the name still starts with what is seen.
                    aria-label={`${t(label)}: ${item.url}`}
                    disabled={label !== 'ui.watch.history' && call.busy}
                    onClick={onClick}
                  >
                    {t(label)}
                  </button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
