import { useEffect, useState } from 'react'
import type { TimelineArgs, TimelineRowView } from '../../../src-main/common/contract/DalelApi'
import type { EntryKind } from '../../../src-main/common/entry/Entry'
import { ENTRY_KINDS } from '../../../src-main/common/entry/Entry'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/Notice'
import { Time } from '../../components/Time'
import type { DalelBridge } from '../../dalelBridge'
import { useI18n } from '../../i18n/I18n'
import { useCall } from '../../useCall'
import { entryNumber } from '../entryNumber'

/** The timeline's query without paging: which entries a filter names. */
export type EntryQuery = Omit<TimelineArgs, 'limit' | 'offset' | 'cursor'>

/** Rows the picker shows at once; "choose all" fetches every match, page by page. */
const SHOWN = 200
const FETCH = 500

/**
 * Every seq a query matches, page by page (a filter may name thousands), without withdrawn
 * entries: their content is gone and an export refuses them.
 */
async function allSeqs(bridge: DalelBridge, query: EntryQuery): Promise<number[] | null> {
  const seqs: number[] = []
  for (let offset = 0; ; offset += FETCH) {
    const page = await bridge.timeline({ ...query, offset, limit: FETCH })
    if (!page.ok) return null
    for (const row of page.value.rows) if (row.withdrawnBy === null) seqs.push(row.seq)
    if (page.value.rows.length < FETCH) return seqs
  }
}

export interface EntryPickerProps {
  bridge: DalelBridge
  /** the timeline's filter the person came with: its entries start chosen */
  initialQuery: EntryQuery | null
  chosen: ReadonlySet<number>
  /** a stable function (a state setter): a filter brought along chooses its entries once */
  onChosen: (chosen: ReadonlySet<number>) => void
}

/**
 * The export's choice of entries: a filter (text and kind), the entries it finds to tick one
 * by one, every entry it finds at once, and how many are chosen.
 */
export function EntryPicker(props: EntryPickerProps): React.JSX.Element {
  const { t, f, locale } = useI18n()
  const { bridge, chosen, onChosen } = props
  const list = useCall()
  const [text, setText] = useState(props.initialQuery?.text ?? '')
  const [kind, setKind] = useState<EntryKind | ''>(props.initialQuery?.kinds?.[0] ?? '')
  const [query, setQuery] = useState<EntryQuery>(props.initialQuery ?? { order: 'occurred' })
  const [rows, setRows] = useState<TimelineRowView[]>([])
  const [found, setFound] = useState<number | null>(null)
  const no = (seq: number) => entryNumber(locale, seq)

  // The rows a query finds; with a filter from the timeline, every one of them starts chosen.
  const { run } = list
  useEffect(() => {
    let live = true
    const load = async () => {
      const page = await run(() => bridge.timeline({ ...query, limit: SHOWN }))
      if (page === null || !live) return
      setRows(page.rows)
      setFound(page.total)
    }
    void load()
    return () => {
      live = false
    }
  }, [bridge, run, query])

  const { initialQuery } = props
  useEffect(() => {
    const choose = async () => {
      if (initialQuery === null) return
      const seqs = await allSeqs(bridge, initialQuery)
      if (seqs !== null) onChosen(new Set(seqs))
    }
    void choose()
  }, [bridge, initialQuery, onChosen])

  const applyFilter = () => {
    setQuery({
      order: 'occurred',
      ...(text.trim() !== '' ? { text: text.trim() } : {}),
      ...(kind !== '' ? { kinds: [kind] } : {})
    })
  }

  const toggle = (seq: number, on: boolean) => {
    const next = new Set(chosen)
    if (on) next.add(seq)
    else next.delete(seq)
    onChosen(next)
  }

  const chooseAllFound = async () => {
    const seqs = await list.run(async () => {
      const found = await allSeqs(bridge, query)
      return found === null
        ? {
            ok: false as const,
            error: { code: 'internal' as const, params: {}, message: '' }
          }
        : { ok: true as const, value: found }
    })
    if (seqs !== null) onChosen(new Set([...chosen, ...seqs]))
  }

  return (
    <fieldset className="group">
      <legend>{t('ui.export.entries')}</legend>
      <form
        role="search"
        className="pick-filter"
        onSubmit={(event) => {
          event.preventDefault()
          applyFilter()
        }}
      >
        <Field label={t('ui.entries.search')} value={text} onChange={setText} type="search" />
        <div className="field">
          <label htmlFor="export-kind">{t('field.kind')}</label>
          <select
            id="export-kind"
            value={kind}
            onChange={(event) => {
              setKind(event.target.value as EntryKind | '')
            }}
          >
            <option value="">{t('ui.timeline.allKinds')}</option>
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit" className="secondary">
            {t('ui.export.find')}
          </button>
        </div>
      </form>
      <div className="pick-actions">
        <span>{found === null ? '' : t('ui.export.found', { count: f.number(found) })}</span>
        <button
          type="button"
          className="secondary"
          disabled={found === 0 || list.busy}
          onClick={() => void chooseAllFound()}
        >
          {t('ui.export.chooseAllFound', { count: f.number(found ?? 0) })}
        </button>
        <button
          type="button"
          className="link"
          disabled={chosen.size === 0}
          onClick={() => {
            onChosen(new Set())
          }}
        >
          {t('ui.export.clearChoice')}
        </button>
      </div>
      <ErrorNotice text={list.error} />
      <ul className="pick-list" aria-label={t('ui.export.entries')}>
        {rows.map((row) => (
          <li key={row.seq} className={row.withdrawnBy !== null ? 'withdrawn' : undefined}>
            <label className="check">
              <input
                type="checkbox"
                checked={chosen.has(row.seq)}
                disabled={row.withdrawnBy !== null}
                onChange={(event) => {
                  toggle(row.seq, event.target.checked)
                }}
              />
              <span className="seq">{no(row.seq)}</span>
              <span className="kind">{t(`kind.${row.kind}`)}</span>
              <span className="title">
                {row.title ?? t('ui.entry.withdrawnTitle', { seq: row.seq })}
              </span>
              <Time iso={row.at} show="date" />
              {row.amendments > 0 && (
                <span className="badge amended">
                  {t('ui.export.amendedBadge', { count: row.amendments })}
                </span>
              )}
            </label>
          </li>
        ))}
      </ul>
      {found !== null && found > rows.length && (
        <p className="hint">
          {t('ui.export.moreFound', {
            shown: f.number(rows.length),
            count: f.number(found)
          })}
        </p>
      )}
      <p className="chosen-count" role="status">
        {t('ui.export.chosen', { count: f.number(chosen.size) })}
      </p>
    </fieldset>
  )
}
