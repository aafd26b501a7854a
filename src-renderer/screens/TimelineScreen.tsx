import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type {
  TimelineArgs,
  TimelinePageView,
  TimelineRowView
} from '../../src-main/common/contract/DalelApi'
import type { Result } from '../../src-main/common/contract/Result'
import type { EntryKind, IncidentType } from '../../src-main/common/entry/Entry'
import { DateTimeField, EMPTY_DATE_TIME, dateTimeIso } from '../components/DateTimeField'
import type { DateTimeValue } from '../components/DateTimeField'
import { TimelineRow } from '../components/TimelineRow'
import { ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { useDebounced } from '../useDebounced'
import { latestQuery } from '../latestQuery'
import { ENTRY_KINDS, INCIDENT_TYPES } from '../../src-main/common/entry/Entry'

/**
 * Rows asked for at once; the page holds a few of these, never the vault. A screenful (about
 * 14 rows at 1080 pixels) with room to scroll: each row of a search carries its snippet, cut
 * in the service and sent over IPC, so a page of 100 cost twice this one for the 7–14 rows
 * in view when the search answers (the benchmark's U2).
 */
const PAGE = 50
/** Every row is this tall (CSS .timeline-row), so a row's place is its index times this. */
export const ROW_HEIGHT = 76
/** a row found by a search: its snippet has a line of its own under the badges */
export const SEARCH_ROW_HEIGHT = 96
/** Rows drawn above and below the visible ones, so a fast scroll shows no gap. */
const OVERSCAN = 6
/** Pages kept in memory; the farthest from view are let go beyond this. */
const KEEP_PAGES = 12
/** Typing pauses this long before the search runs. */
const DEBOUNCE_MS = 150

export interface TimelineScreenProps {
  bridge: DalelBridge
  onOpen: (seq: number) => void
  /** changes when the search shortcut is pressed: the search box takes the focus */
  searchRequest: number
  /** hands the entries the filters and search find to the export screen */
  onExport?: (query: Omit<TimelineArgs, 'limit' | 'offset'>) => void
}

type Order = TimelineArgs['order']

interface Filters {
  kind: EntryKind | ''
  incidentType: IncidentType | ''
  tag: string
  from: DateTimeValue
  to: DateTimeValue
}

const NO_FILTERS: Filters = {
  kind: '',
  incidentType: '',
  tag: '',
  from: EMPTY_DATE_TIME,
  to: EMPTY_DATE_TIME
}

/**
 * Every entry by day in local time, newest first: by when it happened or when it was
 * recorded, filtered, searched as the person types. The list is virtual: only the rows in
 * view (and a few around them) are in the page, fetched a page at a time by offset, so a
 * vault of 100 000 entries opens as fast as one of ten and its first entry is one scroll away.
 */
export function TimelineScreen(props: TimelineScreenProps): React.JSX.Element {
  const i18n = useI18n()
  const { t, f } = i18n
  const { bridge } = props
  const [text, setText] = useState('')
  const [order, setOrder] = useState<Order>('occurred')
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const typed = useDebounced(text.trim(), DEBOUNCE_MS)
  const search = useRef<HTMLInputElement>(null)
  // One gate for every list this screen shows: a query typed past is not sent.
  const timeline = useMemo(
    () =>
      latestQuery(
        (args: TimelineArgs) => bridge.timeline(args),
        (args) => JSON.stringify({ ...args, offset: 0, limit: 0 })
      ),
    [bridge]
  )

  useEffect(() => {
    if (props.searchRequest > 0) search.current?.focus()
  }, [props.searchRequest])

  const from = dateTimeIso(filters.from, f, false)
  const to = dateTimeIso(filters.to, f, false)
  const badRange = from === null || to === null
  const wanted = useMemo((): Omit<TimelineArgs, 'limit' | 'offset'> => {
    const day = 86_400_000
    return {
      order,
      ...(typed !== '' ? { text: typed } : {}),
      ...(filters.kind !== '' ? { kinds: [filters.kind] } : {}),
      ...(filters.incidentType !== '' ? { incidentTypes: [filters.incidentType] } : {}),
      ...(filters.tag.trim() !== '' ? { tag: filters.tag.trim() } : {}),
      ...(from !== undefined && from !== null ? { from } : {}),
      // "to" names a day: everything up to the end of it.
      ...(to !== undefined && to !== null
        ? { to: new Date(Date.parse(to) + day).toISOString() }
        : {})
    }
  }, [order, typed, filters.kind, filters.incidentType, filters.tag, from, to])
  // The same filters make the same query object, so nothing refetches on a mere re-render.
  const queryKey = JSON.stringify(wanted)
  const query = useMemo(() => JSON.parse(queryKey) as typeof wanted, [queryKey])
  const active =
    (filters.kind !== '' ? 1 : 0) +
    (filters.incidentType !== '' ? 1 : 0) +
    (filters.tag.trim() !== '' ? 1 : 0) +
    (from !== undefined ? 1 : 0) +
    (to !== undefined ? 1 : 0)

  return (
    <section className="screen timeline" aria-labelledby="timeline-title">
      <h1 id="timeline-title">{t('ui.timeline.title')}</h1>
      <div className="timeline-controls">
        <form
          role="search"
          className="search"
          onSubmit={(event) => {
            event.preventDefault()
          }}
        >
          <label htmlFor="timeline-search" className="visually-hidden">
            {t('ui.entries.search')}
          </label>
          <input
            id="timeline-search"
            ref={search}
            type="search"
            value={text}
            placeholder={t('ui.entries.searchPlaceholder')}
            onChange={(event) => {
              setText(event.target.value)
            }}
          />
        </form>
        <fieldset className="choice order">
          <legend className="visually-hidden">{t('ui.timeline.order')}</legend>
          {(['occurred', 'recorded'] as const).map((option) => (
            <label key={option}>
              <input
                type="radio"
                name="timeline-order"
                checked={order === option}
                onChange={() => {
                  setOrder(option)
                }}
              />
              {t(option === 'occurred' ? 'ui.timeline.byOccurred' : 'ui.timeline.byRecorded')}
            </label>
          ))}
        </fieldset>
      </div>
      <details className="filters">
        <summary>
          {active === 0
            ? t('ui.timeline.filters')
            : t('ui.timeline.filtersActive', { count: active })}
        </summary>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="filter-kind">{t('field.kind')}</label>
            <select
              id="filter-kind"
              value={filters.kind}
              onChange={(event) => {
                setFilters({ ...filters, kind: event.target.value as EntryKind | '' })
              }}
            >
              <option value="">{t('ui.timeline.allKinds')}</option>
              {ENTRY_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-type">{t('field.incidentType')}</label>
            <select
              id="filter-type"
              value={filters.incidentType}
              onChange={(event) => {
                setFilters({ ...filters, incidentType: event.target.value as IncidentType | '' })
              }}
            >
              <option value="">{t('ui.timeline.allTypes')}</option>
              {INCIDENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`incident.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-tag">{t('ui.timeline.tag')}</label>
            <input
              id="filter-tag"
              value={filters.tag}
              autoComplete="off"
              onChange={(event) => {
                setFilters({ ...filters, tag: event.target.value })
              }}
            />
          </div>
          <DateTimeField
            label={t('ui.timeline.from')}
            value={filters.from}
            dateOnly
            onChange={(value) => {
              setFilters({ ...filters, from: value })
            }}
          />
          <DateTimeField
            label={t('ui.timeline.to')}
            value={filters.to}
            dateOnly
            onChange={(value) => {
              setFilters({ ...filters, to: value })
            }}
          />
          {active > 0 && (
            <div className="actions">
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  setFilters(NO_FILTERS)
                }}
              >
                {t('ui.timeline.clearFilters')}
              </button>
            </div>
          )}
        </div>
      </details>
      <ErrorNotice text={badRange ? t('ui.dateField.invalid') : null} />
      <TimelineList
        key={queryKey}
        bridge={bridge}
        timeline={timeline}
        query={query}
        typed={typed}
        filtered={active > 0}
        onOpen={props.onOpen}
        action={
          props.onExport !== undefined &&
          (active > 0 || typed !== '') &&
          !badRange && (
            <button type="button" className="secondary" onClick={() => props.onExport?.(query)}>
              {t('ui.timeline.exportThese')}
            </button>
          )
        }
      />
    </section>
  )
}

interface TimelineListProps {
  bridge: DalelBridge
  /** the bridge's timeline through the screen's latestQuery: null for a query typed past */
  timeline: (args: TimelineArgs) => Promise<Result<TimelinePageView> | null>
  query: Omit<TimelineArgs, 'limit' | 'offset'>
  typed: string
  filtered: boolean
  onOpen: (seq: number) => void
  /** beside the count: what to do with the entries found (export them) */
  action?: React.ReactNode
}

/**
 * The rows of one query. A new query is a new list (its `key`), so nothing of the last
 * query's pages, count or scroll position survives it.
 */
function TimelineList(props: TimelineListProps): React.JSX.Element {
  const { t, f } = useI18n()
  const { bridge, timeline, query, typed } = props
  const call = useCall()
  const { run } = call
  const [pages, setPages] = useState<ReadonlyMap<number, TimelineRowView[]>>(new Map())
  const [total, setTotal] = useState<number | null>(null)
  const asked = useRef(new Set<number>())
  const viewport = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)

  const fetchPage = useCallback(
    async (index: number) => {
      asked.current.add(index)
      const page = await run(
        async (): Promise<Result<TimelinePageView | null>> =>
          (await timeline({ ...query, offset: index * PAGE, limit: PAGE })) ?? {
            ok: true,
            value: null
          }
      )
      // null: it failed (the notice says why), or a newer query replaced it before it was sent
      if (page === null) {
        asked.current.delete(index)
        return
      }
      setTotal(page.total)
      setPages((current) => {
        const next = new Map(current).set(index, page.rows)
        // Let the farthest pages go: scrolling a long vault must not gather it all.
        while (next.size > KEEP_PAGES) {
          const far = [...next.keys()].sort((a, b) => Math.abs(b - index) - Math.abs(a - index))[0]
          if (far === undefined) break
          next.delete(far)
          asked.current.delete(far)
        }
        return next
      })
    },
    [timeline, run, query]
  )

  // A trusted timestamp recorded in the background changes rows' badges: fetch again the
  // pages in view, keeping the scroll position.
  useEffect(
    () =>
      bridge.on('timestamped', () => {
        asked.current.clear()
        setPages(new Map())
      }),
    [bridge]
  )

  useEffect(() => {
    const element = viewport.current
    if (element === null) return undefined
    const observer = new ResizeObserver(() => {
      setHeight(element.clientHeight)
    })
    observer.observe(element)
    return () => {
      observer.disconnect()
    }
  }, [])

  const count = total ?? 0
  const rowHeight = typed !== '' ? SEARCH_ROW_HEIGHT : ROW_HEIGHT
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN)
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN)
  useEffect(() => {
    // The first page tells how many there are; then the pages that cover the rows in view.
    const wanted =
      total === null
        ? [0]
        : Array.from(
            { length: Math.max(0, Math.floor((last - 1) / PAGE) - Math.floor(first / PAGE) + 1) },
            (_, i) => Math.floor(first / PAGE) + i
          )
    const load = async () => {
      for (const page of wanted)
        if (!pages.has(page) && !asked.current.has(page)) await fetchPage(page)
    }
    void load()
  }, [first, last, total, pages, fetchPage])

  const rowAt = (index: number): TimelineRowView | undefined =>
    pages.get(Math.floor(index / PAGE))?.[index % PAGE]

  const rows: React.JSX.Element[] = []
  for (let index = first; index < last; index += 1) {
    const row = rowAt(index)
    const previous = index > 0 ? rowAt(index - 1) : undefined
    const newDay =
      row !== undefined && (previous === undefined || f.dayKey(previous.at) !== f.dayKey(row.at))
    rows.push(
      <li
        key={row?.seq ?? `loading-${index}`}
        className={`timeline-row${newDay ? ' new-day' : ''}${row?.withdrawnBy != null ? ' withdrawn' : ''}`}
        style={{ top: index * rowHeight, height: rowHeight }}
        aria-setsize={count}
        aria-posinset={index + 1}
      >
        {row === undefined ? (
          <span className="muted">{t('ui.entries.loading')}</span>
        ) : (
          <TimelineRow row={row} newDay={newDay} onOpen={props.onOpen} />
        )}
      </li>
    )
  }

  return (
    <>
      <ErrorNotice text={call.error} />
      {/* The export button on the count's line: on a line of its own it pushed the list 53 px
          below the window's bottom, and the page scrolled as well as the list. */}
      <div className="timeline-status-row">
        <p className="muted timeline-status" role="status" data-query={typed}>
          {total === null
            ? t('ui.entries.loading')
            : typed !== ''
              ? t('ui.entries.found', { count: f.number(total), query: typed })
              : t('ui.entries.count', { count: f.number(total) })}
        </p>
        {props.action}
      </div>
      {total === 0 && (
        <p className="empty">
          {typed === '' && !props.filtered ? t('ui.entries.empty') : t('ui.entries.nothingFound')}
        </p>
      )}
      <div
        className={`timeline-viewport${props.action ? ' with-action' : ''}`}
        ref={viewport}
        hidden={total === 0}
        onScroll={(event) => {
          setScrollTop(event.currentTarget.scrollTop)
        }}
      >
        <ul
          className="timeline-rows"
          aria-label={t('ui.timeline.title')}
          style={{ height: count * rowHeight }}
        >
          {rows}
        </ul>
      </div>
    </>
  )
}
