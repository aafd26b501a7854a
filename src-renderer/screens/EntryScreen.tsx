import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import type { Entry } from '../../src-main/common/entry/Entry'
import { changedFields, shownFields } from '../../src-main/common/entry/shownFields'
import { fieldLines, translateMessage } from '../../src-main/common/entry/fieldLines'
import type { FieldValue } from '../../src-main/common/entry/EntryField'
import { EntryStatusBadge } from '../components/EntryStatusBadge'
import { titleOf } from '../../src-main/common/entry/entryTitle'
import { ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { attachmentUrl } from '../dalelBridge'
import { Time } from '../components/Time'
import type { Translate } from '../i18n/I18n'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

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
}

type Row = [label: string, value: ReactNode]

/** A definition list of the rows that have a value. */
function Facts({ rows }: { rows: Row[] }): React.JSX.Element {
  return (
    <dl className="facts">
      {rows
        .filter(([, value]) => value !== undefined && value !== null && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  )
}

const code = (value: string | undefined) =>
  value === undefined ? undefined : <span className="code">{value}</span>
const list = (values: readonly string[] | undefined) =>
  values === undefined || values.length === 0 ? undefined : (
    <ul className="plain">
      {values.map((value, i) => (
        <li key={i}>{value}</li>
      ))}
    </ul>
  )
const prose = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : <div className="prose">{value}</div>

/** The first letter in capitals, the way the page's language writes it. */
function sentence(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1)
}

/** One field's value laid out for the page, from its shape in the entry-field table. */
function fieldNode(
  t: Translate,
  value: FieldValue,
  no: (seq: number) => string,
  open?: (seq: number) => void
): ReactNode {
  switch (value.shape) {
    case 'text':
    case 'number':
      return String(value.value)
    case 'prose':
      return prose(value.value)
    case 'code':
      return code(value.value)
    case 'time':
      return <Time iso={value.value} />
    case 'enum':
      return sentence(t(value.label))
    case 'ref':
      return no(value.value.seq)
    case 'refs':
      return open === undefined
        ? value.value.map((ref) => no(ref.seq)).join(', ')
        : value.value.map((ref) => (
            <button
              key={ref.seq}
              type="button"
              className="link"
              onClick={() => {
                open(ref.seq)
              }}
            >
              {no(ref.seq)}
            </button>
          ))
    case 'message':
      return translateMessage(t, value)
    case 'list':
    case 'officials':
    case 'people':
    case 'headers':
      return list(fieldLines(t, value))
    case 'seqs':
    case 'tls':
    case 'json':
      return fieldLines(t, value).join('\n')
    default: {
      const unknown: never = value
      return unknown
    }
  }
}

function payloadRows(
  t: Translate,
  entry: Entry,
  no: (seq: number) => string,
  open?: (seq: number) => void
): Row[] {
  return shownFields(entry).map((field) => [
    field.label === null ? field.key : t(field.label),
    fieldNode(t, field.value, no, open)
  ])
}

/** The picture to show of a capture: the visible part, else the full page. */
function screenshotIndex(entry: Entry): number {
  const viewport = entry.attachments.findIndex((a) => a.role === 'screenshot-viewport')
  if (viewport >= 0) return viewport
  return entry.attachments.findIndex(
    (a) =>
      a.role === 'screenshot-full' || (a.role === 'original' && a.mediaType.startsWith('image/'))
  )
}

/** Kinds a journalist may amend or withdraw; the system's own records are not. */
const CORRECTABLE: ReadonlySet<string> = new Set(['note', 'incident', 'web-capture', 'file'])

function withdrawalReason(related: readonly EntryView[]): string | null {
  for (const r of related) if (r.entry?.kind === 'withdrawal') return r.entry.payload.reason
  return null
}

/** One entry as recorded: its fields, its place in the chain, and its files. */
export function EntryScreen(props: EntryScreenProps): React.JSX.Element {
  const i18n = useI18n()
  const { t, locale } = i18n
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
  const shot = entry === null ? -1 : screenshotIndex(entry)
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
      <h1 id="entry-title">{heading}</h1>
      <ErrorNotice text={call.error} />
      {view !== null && (
        <>
          <p className="entry-meta">
            <span className={`kind kind-${view.kind}`}>{t(`kind.${view.kind}`)}</span>
            <span className="seq">{no(view.seq)}</span>
            <EntryStatusBadge entry={entry} />
          </p>
          {view.withdrawnBy !== null && (
            <div className="notice warning">
              <p>
                {t('ui.entry.withdrawnBy', {
                  seq: no(view.withdrawnBy),
                  reason: withdrawalReason(related) ?? '—'
                })}
              </p>
              <p>{t('ui.entry.withdrawnExplained')}</p>
            </div>
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
          {related.some((r) => r.kind === 'amendment') && (
            <section className="corrections" aria-labelledby="corrections-title">
              <h2 id="corrections-title">{t('ui.entry.corrections')}</h2>
              {related
                .filter((r) => r.entry?.kind === 'amendment')
                .map((r) =>
                  r.entry?.kind === 'amendment' ? (
                    <div key={r.seq} className="correction">
                      <p>
                        <strong>
                          {t('ui.entry.correctedBy', {
                            seq: no(r.seq),
                            reason: r.entry.payload.reason
                          })}
                        </strong>{' '}
                        <Time iso={r.recordedAt} />
                      </p>
                      <Facts
                        rows={changedFields(r.entry.payload.changes).map((field) => [
                          field.label === null ? field.key : t(field.label),
                          fieldNode(t, field.value, no)
                        ])}
                      />
                    </div>
                  ) : null
                )}
            </section>
          )}
          {view.referencedBy.length > 0 && (
            <p className="notice info">
              {t('ui.entry.referencedBy')}{' '}
              {view.referencedBy.map((ref) => (
                <button
                  key={ref.seq}
                  type="button"
                  className="link"
                  onClick={() => {
                    props.onOpen(ref.seq)
                  }}
                >
                  {no(ref.seq)} ({t(`kind.${ref.kind}`)})
                </button>
              ))}
            </p>
          )}
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
          {view.linkedFrom.length > 0 && (
            <p className="notice info">
              {t('field.linkedFrom')}:{' '}
              {view.linkedFrom.map((ref) => (
                <button
                  key={ref.seq}
                  type="button"
                  className="link"
                  onClick={() => {
                    props.onOpen(ref.seq)
                  }}
                >
                  {no(ref.seq)} ({t(`kind.${ref.kind}`)})
                </button>
              ))}
            </p>
          )}
          {entry !== null && shot >= 0 && (
            <figure className="screenshot">
              <img
                src={attachmentUrl(view.seq, shot)}
                alt={t('ui.entry.screenshotAlt', { title: entry.title })}
              />
              <figcaption>{entry.attachments[shot]?.name}</figcaption>
            </figure>
          )}
          <h2>{t('report.section.details')}</h2>
          <Facts
            rows={[
              [t('ui.entries.recorded'), <Time key="recorded" iso={view.recordedAt} />],
              [
                t('ui.form.occurredAt'),
                entry?.occurredAt === undefined ? undefined : (
                  <Time key="occurred" iso={entry.occurredAt} />
                )
              ],
              [t('field.author'), entry?.author],
              [t('field.id'), code(view.id)],
              ...(entry === null ? [] : payloadRows(t, entry, no, props.onOpen))
            ]}
          />
          <details className="disclosure">
            <summary>{t('report.section.hashes')}</summary>
            <Facts
              rows={[
                [t('field.commitment'), code(view.link.commitment)],
                [t('field.chain'), code(view.link.chain)],
                [t('field.signature'), code(view.link.signature)]
              ]}
            />
          </details>
          {entry !== null && entry.attachments.length > 0 && (
            <>
              <h2>{t('field.attachments')}</h2>
              <table className="attachments">
                <thead>
                  <tr>
                    <th scope="col">{t('field.name')}</th>
                    <th scope="col">{t('field.role')}</th>
                    <th scope="col">{t('field.size')}</th>
                    <th scope="col">{t('field.sha256')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entry.attachments.map((a) => (
                    <tr key={`${a.role}-${a.sha256}-${a.name}`}>
                      <td className="code">{a.name}</td>
                      <td>{t(`report.role.${a.role}`)}</td>
                      <td className="number">{i18n.f.bytes(a.size)}</td>
                      <td className="code hash">{a.sha256}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  )
}
