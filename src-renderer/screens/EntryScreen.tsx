import { useEffect, useMemo, useState } from 'react'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import type { EntryOf } from '../../src-main/common/entry/Entry'
import { fieldHistory } from '../../src-main/common/entry/fieldHistory'
import { titleOf } from '../../src-main/common/entry/entryTitle'
import { keepDashWithWord } from '../keepDashWithWord'
import { EntryStatusBadge } from '../components/EntryStatusBadge'
import { ErrorNotice } from '../components/Notice'
import { Time } from '../components/Time'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { AttachmentList } from './entry/AttachmentList'
import { CaptureRequests } from './entry/CaptureRequests'
import { Corrections } from './entry/Corrections'
import { EntryLinks } from './entry/EntryLinks'
import { EntryVerdict } from './entry/EntryVerdict'
import { Facts } from './entry/Facts'
import { AmendedMark } from './entry/AmendedMark'
import { BlockFields, code, fieldNode, markedNode, payloadRows } from './entry/fieldNode'
import type { FieldMarks } from './entry/fieldNode'
import { ScreenshotViewer } from './entry/ScreenshotViewer'
import { WithdrawnNotice } from './entry/WithdrawnNotice'

export interface EntryScreenProps {
  bridge: DalelBridge
  seq: number
  onBack: () => void
  onOpen: (seq: number) => void
  onAmend: (seq: number) => void
  onWithdraw: (seq: number) => void
  /** a web capture: capture the page again and record what changed */
  onRecheck: (seq: number) => void
  /** "add a note about this": the note form, with this entry as what it is about */
  onNoteAbout?: (seq: number) => void
  /** "Verify the vault", offered by the verdict while the whole chain is unverified */
  onVerify?: () => void
}

/** Kinds a journalist may amend or withdraw; the system's own records are not. */
const CORRECTABLE: ReadonlySet<string> = new Set(['note', 'incident', 'web-capture', 'file'])

/** Kinds of later entries the page names already: amendments listed, the withdrawal's notice. */
const NAMED_ABOVE: ReadonlySet<string> = new Set(['amendment', 'withdrawal'])

/** The entry's corrected fields, from the entry as recorded and the amendments that name it. */
function marksOf(view: EntryView | null, related: readonly EntryView[]): FieldMarks {
  if (view?.amended === undefined) return new Map()
  const amendments = related.flatMap((r): EntryOf<'amendment'>[] =>
    r.entry?.kind === 'amendment' ? [r.entry] : []
  )
  return fieldHistory(view.amended.original, amendments)
}

function withdrawalReason(related: readonly EntryView[]): string | null {
  for (const r of related) if (r.entry?.kind === 'withdrawal') return r.entry.payload.reason
  return null
}

/**
 * One entry as recorded: the verdict on it first, then its pictures, its fields (through the
 * entry-field table), its long text, a capture's request log, and its files.
 */
export function EntryScreen(props: EntryScreenProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const no = (n: number) => (locale === 'en' ? `#${n}` : `№${n}`)
  const call = useCall()
  const [view, setView] = useState<EntryView | null>(null)
  /** the amendments and the withdrawal that name this entry, oldest first */
  const [related, setRelated] = useState<EntryView[]>([])
  const { bridge, seq } = props
  const { run } = call

  useEffect(() => {
    let current = true
    const load = async () => {
      const found = await run(() => bridge.getEntry({ ref: String(seq) }))
      if (found === null) return
      if (current) setView(found)
      const refs = found.referencedBy.filter(
        (r) => r.kind === 'amendment' || r.kind === 'withdrawal'
      )
      const views: EntryView[] = []
      for (const ref of refs) {
        const other = await run(() => bridge.getEntry({ ref: String(ref.seq) }))
        if (other !== null) views.push(other)
      }
      if (current) setRelated(views)
    }
    void load()
    return () => {
      current = false
    }
  }, [bridge, run, seq])

  const entry = view?.entry ?? null
  const numbers = { no, open: props.onOpen }
  // Each corrected field shows the corrected value (the service applied the amendments) with
  // "as amended by №N" beside it, and the recorded value on request.
  const marks = useMemo(() => marksOf(view, related), [view, related])
  const titleMark = marks.get('title')
  const heading =
    view === null
      ? t('ui.entry.loading')
      : entry !== null
        ? titleOf(entry, t)
        : t('ui.entry.withdrawnTitle', { seq })
  return (
    <section className="screen" aria-labelledby="entry-title">
      <div className="screen-head">
        <button type="button" className="secondary" onClick={props.onBack}>
          {t('ui.back')}
        </button>
      </div>
      <h1 id="entry-title">{keepDashWithWord(heading)}</h1>
      {titleMark !== undefined && (
        <AmendedMark field={titleMark} render={(value) => fieldNode(t, value, numbers)} />
      )}
      <ErrorNotice text={call.error} />
      {view !== null && (
        <>
          <p className="entry-meta">
            <span className={`kind kind-${view.kind}`}>{t(`kind.${view.kind}`)}</span>
            <span className="seq">{no(view.seq)}</span>
            <EntryStatusBadge entry={entry} />
          </p>
          <EntryVerdict bridge={bridge} view={view} onVerify={props.onVerify} />
          {view.withdrawnBy !== null && (
            <WithdrawnNotice
              withdrawnBy={view.withdrawnBy}
              reason={withdrawalReason(related)}
              no={no}
              onOpen={props.onOpen}
            />
          )}
          {entry !== null && CORRECTABLE.has(view.kind) && (
            <div className="actions entry-actions">
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  props.onAmend(view.seq)
                }}
              >
                {t('ui.entry.amend')}
              </button>
              <button
                type="button"
                className="secondary danger"
                onClick={() => {
                  props.onWithdraw(view.seq)
                }}
              >
                {t('ui.entry.withdraw')}
              </button>
              {view.kind === 'web-capture' && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    props.onRecheck(view.seq)
                  }}
                >
                  {t('ui.entry.recheck')}
                </button>
              )}
            </div>
          )}
          <Corrections
            target={view.amended?.original ?? entry}
            related={related}
            no={no}
            onOpen={props.onOpen}
          />
          <EntryLinks
            label={t('ui.entry.referencedBy')}
            refs={view.referencedBy.filter((r) => !NAMED_ABOVE.has(r.kind))}
            no={no}
            onOpen={props.onOpen}
          />
          {entry !== null && props.onNoteAbout !== undefined && (
            <div className="actions entry-actions">
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  props.onNoteAbout?.(view.seq)
                }}
              >
                {t('ui.entry.noteAbout')}
              </button>
            </div>
          )}
          <EntryLinks
            label={`${t('field.linkedFrom')}:`}
            refs={view.linkedFrom}
            no={no}
            onOpen={props.onOpen}
          />
          {entry !== null && <ScreenshotViewer seq={view.seq} entry={entry} />}
          <section className="entry-details" aria-labelledby="details-title">
            <h2 id="details-title">{t('report.section.details')}</h2>
            <Facts
              rows={[
                [t('ui.entries.recorded'), <Time key="recorded" iso={view.recordedAt} />],
                [
                  t('ui.form.occurredAt'),
                  markedNode(
                    t,
                    marks,
                    'occurredAt',
                    entry?.occurredAt === undefined ? undefined : (
                      <Time key="occurred" iso={entry.occurredAt} />
                    ),
                    numbers
                  )
                ],
                [t('field.author'), entry?.author],
                [t('field.id'), code(view.id)],
                ...(entry === null ? [] : payloadRows(t, entry, numbers, marks))
              ]}
            />
          </section>
          {entry !== null && <BlockFields t={t} entry={entry} numbers={numbers} marks={marks} />}
          {entry?.kind === 'web-capture' && <CaptureRequests bridge={bridge} seq={view.seq} />}
          {entry !== null && entry.attachments.length > 0 && (
            <AttachmentList bridge={bridge} seq={view.seq} attachments={entry.attachments} />
          )}
        </>
      )}
    </section>
  )
}
