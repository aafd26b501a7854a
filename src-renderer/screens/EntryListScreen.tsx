import { useEffect, useState } from 'react'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import { ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { formatLocalTime } from '../format'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

export type AddScreen = 'note' | 'incident' | 'capture'

export interface EntryListScreenProps {
  bridge: DalelBridge
  onOpen: (seq: number) => void
  onAdd: (screen: AddScreen) => void
}

/** Every entry, newest first, and a search over their text. */
export function EntryListScreen(props: EntryListScreenProps): React.JSX.Element {
  const i18n = useI18n()
  const { t } = i18n
  const call = useCall()
  const [entries, setEntries] = useState<EntryView[] | null>(null)
  const [query, setQuery] = useState('')
  /** the query the list shows results of; null for the whole list */
  const [shown, setShown] = useState<string | null>(null)
  const { bridge } = props
  const { run } = call

  const load = async (search: string) => {
    const trimmed = search.trim()
    const found = await run(() =>
      trimmed === '' ? bridge.list({}) : bridge.search({ query: trimmed })
    )
    if (found === null) return
    setEntries(found)
    setShown(trimmed === '' ? null : trimmed)
  }

  useEffect(() => {
    let current = true
    const first = async () => {
      const found = await run(() => bridge.list({}))
      if (current && found !== null) setEntries(found)
    }
    void first()
    return () => {
      current = false
    }
  }, [bridge, run])

  return (
    <section className="screen" aria-labelledby="entries-title">
      <div className="screen-head">
        <h1 id="entries-title">{t('ui.entries.title')}</h1>
        <div className="toolbar">
          <button
            type="button"
            className="primary"
            onClick={() => {
              props.onAdd('note')
            }}
          >
            {t('ui.entries.addNote')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => {
              props.onAdd('incident')
            }}
          >
            {t('ui.entries.addIncident')}
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => {
              props.onAdd('capture')
            }}
          >
            {t('ui.entries.capture')}
          </button>
        </div>
      </div>
      <form
        role="search"
        className="search"
        onSubmit={(event) => {
          event.preventDefault()
          void load(query)
        }}
      >
        <label htmlFor="entry-search" className="visually-hidden">
          {t('ui.entries.search')}
        </label>
        <input
          id="entry-search"
          type="search"
          value={query}
          placeholder={t('ui.entries.searchPlaceholder')}
          onChange={(event) => {
            setQuery(event.target.value)
            if (event.target.value === '' && shown !== null) void load('')
          }}
        />
        <button type="submit" className="secondary">
          {t('ui.entries.searchButton')}
        </button>
      </form>
      <ErrorNotice text={call.error} />
      {entries === null ? (
        call.error === null && <p className="muted">{t('ui.entries.loading')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {shown === null
              ? t('ui.entries.count', { count: entries.length })
              : t('ui.entries.found', { count: entries.length, query: shown })}
          </p>
          {entries.length === 0 ? (
            <p className="empty">
              {shown === null ? t('ui.entries.empty') : t('ui.entries.nothingFound')}
            </p>
          ) : (
            <table className="entries">
              <thead>
                <tr>
                  <th scope="col">{t('ui.entries.seq')}</th>
                  <th scope="col">{t('field.kind')}</th>
                  <th scope="col">{t('field.title')}</th>
                  <th scope="col">{t('ui.entries.recorded')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((view) => (
                  <tr key={view.seq} className={view.entry === null ? 'withdrawn' : undefined}>
                    <td className="seq">#{view.seq}</td>
                    <td>
                      <span className={`kind kind-${view.kind}`}>{t(`kind.${view.kind}`)}</span>
                    </td>
                    <td className="title">
                      <button
                        type="button"
                        className="link"
                        onClick={() => {
                          props.onOpen(view.seq)
                        }}
                      >
                        {view.entry?.title ?? t('ui.entry.withdrawnTitle', { seq: view.seq })}
                      </button>
                    </td>
                    <td className="time">{formatLocalTime(view.recordedAt, i18n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  )
}
