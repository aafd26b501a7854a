import { useEffect, useMemo, useState } from 'react'
import type {
  ExportResultView,
  TimelineArgs,
  TimelineRowView
} from '../../src-main/common/contract/DalelApi'
import type { Result } from '../../src-main/common/contract/Result'
import type { EntryKind } from '../../src-main/common/entry/Entry'
import { ENTRY_KINDS } from '../../src-main/common/entry/Entry'
import { Field } from '../components/Field'
import { BusyNotice, ErrorNotice } from '../components/Notice'
import { Time } from '../components/Time'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { entryNumber } from './entryNumber'
import { useProgress } from './useProgress'
import { ProgressBar } from '../components/ProgressBar'
import { ChosenPath } from '../components/ChosenPath'
import { ReplaceQuestion } from '../components/ReplaceQuestion'
import './handOver.css'

/** The timeline's query without paging: which entries a filter names. */
export type EntryQuery = Omit<TimelineArgs, 'limit' | 'offset' | 'cursor'>

/** Rows the picker shows at once; "choose all" fetches every match, page by page. */
const SHOWN = 200
const FETCH = 500

export interface ExportScreenProps {
  bridge: DalelBridge
  /** the timeline's filter the person came with: its entries start chosen */
  initialQuery: EntryQuery | null
  onDone: (result: ExportResultView) => void
  onCancel: () => void
}

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

/** The bundle's proposed file name: the day, so two exports of a day differ only by choice. */
function proposedName(): string {
  return `dalel-bundle-${new Date().toISOString().slice(0, 10)}.zip`
}

/**
 * Hands entries to a lawyer: which ones (picked one by one, or every entry a filter finds),
 * whether the amendments that correct them go along (yes unless the journalist says no, with
 * a plain warning for each entry whose correction would be left out), who it is for and why,
 * and where the zip goes: a file the journalist picks in the system's save dialog. An
 * existing file is never replaced without asking "replace?" first.
 */
export function ExportScreen(props: ExportScreenProps): React.JSX.Element {
  const { t, f, locale } = useI18n()
  const { bridge } = props
  const call = useCall()
  const list = useCall()
  const [text, setText] = useState(props.initialQuery?.text ?? '')
  const [kind, setKind] = useState<EntryKind | ''>(props.initialQuery?.kinds?.[0] ?? '')
  const [query, setQuery] = useState<EntryQuery>(props.initialQuery ?? { order: 'occurred' })
  const [rows, setRows] = useState<TimelineRowView[]>([])
  const [found, setFound] = useState<number | null>(null)
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set())
  /** amendment seq → the entry it corrects, for the warning when amendments stay behind */
  const [amendments, setAmendments] = useState<ReadonlyMap<number, number>>(new Map())
  const [withAmendments, setWithAmendments] = useState(true)
  const [recipient, setRecipient] = useState('')
  const [purpose, setPurpose] = useState('')
  const [out, setOut] = useState<string | null>(null)
  const [askReplace, setAskReplace] = useState(false)
  const [writing, setWriting] = useState(false)
  const progress = useProgress(bridge, 'exportProgress')
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
      if (seqs !== null) setChosen(new Set(seqs))
    }
    void choose()
  }, [bridge, initialQuery])

  useEffect(() => {
    const load = async () => {
      const targets = new Map<number, number>()
      for (let offset = 0; ; offset += FETCH) {
        const page = await bridge.timeline({
          order: 'recorded',
          kinds: ['amendment'],
          offset,
          limit: FETCH
        })
        if (!page.ok) return
        for (const row of page.value.rows)
          if (row.target !== undefined) targets.set(row.seq, row.target)
        if (page.value.rows.length < FETCH) break
      }
      setAmendments(targets)
    }
    void load()
  }, [bridge])

  /** Chosen entries whose amendment the bundle would not carry. */
  const leftBehind = useMemo(() => {
    if (withAmendments) return []
    const missing: { seq: number; amendedBy: number }[] = []
    for (const [amendment, target] of amendments)
      if (chosen.has(target) && !chosen.has(amendment))
        missing.push({ seq: target, amendedBy: amendment })
    return missing.sort((a, b) => a.seq - b.seq || a.amendedBy - b.amendedBy)
  }, [withAmendments, amendments, chosen])

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
    setChosen(next)
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
    if (seqs !== null) setChosen(new Set([...chosen, ...seqs]))
  }

  const chooseFile = async () => {
    const file = await call.run(() =>
      bridge.chooseSaveFile({ purpose: 'export', name: proposedName() })
    )
    if (file !== null) {
      setOut(file)
      setAskReplace(false)
    }
  }

  const write = async (overwrite: boolean) => {
    if (chosen.size === 0) {
      call.setError('ui.export.nothingChosen')
      return
    }
    if (out === null) {
      call.setError('ui.export.noFile')
      return
    }
    setAskReplace(false)
    progress.reset()
    setWriting(true)
    const result = await call.run(async (): Promise<Result<ExportResultView | null>> => {
      const answer = await bridge.exportBundle({
        out,
        entries: [...chosen].sort((a, b) => a - b).map(String),
        ...(recipient.trim() !== '' ? { recipient: recipient.trim() } : {}),
        ...(purpose.trim() !== '' ? { purpose: purpose.trim() } : {}),
        ...(overwrite ? { overwrite: true } : {}),
        ...(withAmendments ? {} : { withoutAmendments: true })
      })
      // An existing file is a question for the journalist, not a failure.
      if (!answer.ok && answer.error.code === 'bundle-exists') setAskReplace(true)
      return answer.ok || answer.error.code !== 'bundle-exists'
        ? answer
        : { ok: true as const, value: null }
    })
    setWriting(false)
    if (result !== null) props.onDone(result)
  }

  return (
    <section className="screen export" aria-labelledby="export-title">
      <h1 id="export-title">{t('ui.export.title')}</h1>
      <p className="lead">{t('ui.export.intro')}</p>

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
              setChosen(new Set())
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

      <fieldset className="group">
        <legend>{t('ui.export.amendments')}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={withAmendments}
            onChange={(event) => {
              setWithAmendments(event.target.checked)
            }}
          />
          {t('ui.export.withAmendments')}
        </label>
        {leftBehind.length > 0 && (
          <div className="notice warning" role="alert">
            <p>{t('ui.export.amendmentsLeftOut')}</p>
            <ul>
              {leftBehind.map(({ seq, amendedBy }) => (
                <li key={`${seq}-${amendedBy}`}>
                  {t('ui.export.amendmentLeftOut', { seq: no(seq), by: no(amendedBy) })}
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setWithAmendments(true)
              }}
            >
              {t('ui.export.takeAmendments')}
            </button>
          </div>
        )}
      </fieldset>

      <div className="form">
        <Field label={t('ui.export.recipient')} value={recipient} onChange={setRecipient} />
        <Field label={t('ui.export.purpose')} value={purpose} onChange={setPurpose} rows={2} />
        <div className="field wide">
          <span className="label">{t('ui.export.file')}</span>
          <ChosenPath
            path={out}
            empty={t('ui.export.noFileYet')}
            buttonLabel={t('ui.export.chooseFile')}
            onChoose={() => void chooseFile()}
          />
        </div>
      </div>

      {askReplace && out !== null && (
        <ReplaceQuestion
          text={t('ui.export.exists', { path: out })}
          onReplace={() => void write(true)}
          onChooseOther={() => void chooseFile()}
          onCancel={() => {
            setAskReplace(false)
          }}
        />
      )}
      <ErrorNotice text={call.error} />
      <BusyNotice text={writing ? progress.text('ui.export.busy', 'ui.export.progress') : null} />
      {writing && <ProgressBar last={progress.last} label={t('ui.export.progressLabel')} />}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={call.busy}
          onClick={() => void write(false)}
        >
          {t('ui.export.submit', { count: f.number(chosen.size) })}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('ui.cancel')}
        </button>
      </div>
    </section>
  )
}
