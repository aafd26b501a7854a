import { useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import type { Entry, EntryOf, Official } from '../../src-main/common/entry/Entry'
import { ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { attachmentUrl } from '../dalelBridge'
import { formatBytes, formatUtc } from '../format'
import type { Translate } from '../i18n/I18n'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

export interface EntryScreenProps {
  bridge: DalelBridge
  seq: number
  onBack: () => void
  onOpen: (seq: number) => void
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

function officialText(official: Official): string {
  return [official.name, official.position, official.unit].filter(Boolean).join(', ')
}

function incidentRows(t: Translate, entry: EntryOf<'incident'>): Row[] {
  const p = entry.payload
  return [
    [t('field.incidentType'), sentence(t(`incident.${p.type}`))],
    [t('field.place'), p.place],
    [t('ui.incident.body'), prose(p.body)],
    [t('field.peopleInvolved'), list(p.peopleInvolved)],
    [t('field.officials'), list(p.officials?.map(officialText))],
    [t('field.legalBasisShown'), prose(p.legalBasisShown)],
    [t('field.itemsSeized'), list(p.itemsSeized)],
    [t('field.lawyersAdmitted'), list(p.lawyersAdmitted)],
    [t('field.lawyersRefused'), list(p.lawyersRefused)],
    [t('field.witnesses'), list(p.witnesses)],
    [t('field.tags'), p.tags?.join(', ')]
  ]
}

function captureRows(t: Translate, entry: EntryOf<'web-capture'>): Row[] {
  const p = entry.payload
  const leaf = p.tls?.certificates[0]
  return [
    [t('report.capture.requestedUrl'), code(p.requestedUrl)],
    [t('report.capture.finalUrl'), code(p.finalUrl)],
    [
      t('report.capture.outcome'),
      sentence(
        t(`captureOutcome.${p.outcome}`, { status: p.status ?? '—', reason: p.reason ?? '—' })
      )
    ],
    [
      t('report.capture.status'),
      p.status === undefined ? undefined : `${p.status} ${p.statusText ?? ''}`.trim()
    ],
    [t('report.capture.pageTitle'), p.title],
    [
      t('report.capture.server'),
      p.serverIp === undefined ? undefined : code(`${p.serverIp}:${p.serverPort ?? ''}`)
    ],
    [
      t('report.capture.tls'),
      p.tls === undefined
        ? t('ui.capture.noTls')
        : [p.tls.protocol, p.tls.cipher, p.tls.keyExchange].filter(Boolean).join(', ')
    ],
    [t('report.capture.subject'), code(leaf?.subject)],
    [t('report.capture.issuer'), code(leaf?.issuer)],
    [
      t('report.capture.validity'),
      leaf === undefined
        ? undefined
        : t('report.capture.validityValue', {
            from: formatUtc(leaf.notBefore),
            to: formatUtc(leaf.notAfter)
          })
    ],
    [t('ui.capture.certificateSha256'), code(leaf?.sha256)],
    [t('report.capture.startedAt'), formatUtc(p.startedAt)],
    [t('report.capture.endedAt'), formatUtc(p.endedAt)],
    [
      t('report.capture.redirects'),
      list(p.redirects.map((r) => `${r.from} → ${r.to} (${r.status ?? r.kind})`))
    ],
    [t('report.capture.requestCount'), p.requestCount],
    [t('report.capture.browser'), `${p.browser.name} ${p.browser.version}`],
    [t('report.capture.tool'), `${p.tool.name} ${p.tool.version}`],
    [t('report.capture.operator'), p.operator],
    [t('report.capture.userAgent'), code(p.userAgent)],
    [
      t('report.capture.viewport'),
      t('report.viewportValue', {
        width: p.viewport.width,
        height: p.viewport.height,
        scale: p.viewport.deviceScaleFactor
      })
    ],
    [t('report.capture.warnings'), p.warnings?.join(', ')]
  ]
}

function payloadRows(t: Translate, entry: Entry): Row[] {
  switch (entry.kind) {
    case 'note':
      return [
        [t('field.body'), prose(entry.payload.body)],
        [t('field.tags'), entry.payload.tags?.join(', ')]
      ]
    case 'incident':
      return incidentRows(t, entry)
    case 'web-capture':
      return captureRows(t, entry)
    case 'file':
      return [[t('field.body'), prose(entry.payload.body)]]
    case 'amendment':
      return [
        [t('field.target'), `#${entry.payload.target.seq}`],
        [t('field.reason'), prose(entry.payload.reason)],
        [t('field.title'), entry.payload.changes.title],
        [t('field.body'), prose(entry.payload.changes.body)],
        [
          t('field.occurredAt'),
          entry.payload.changes.occurredAt === undefined
            ? undefined
            : formatUtc(entry.payload.changes.occurredAt)
        ],
        [t('field.place'), entry.payload.changes.place]
      ]
    case 'withdrawal':
      return [
        [t('field.target'), `#${entry.payload.target.seq}`],
        [t('field.reason'), prose(entry.payload.reason)]
      ]
    case 'custody':
      return [
        [t('field.action'), sentence(t(`report.custody.${entry.payload.action}`))],
        [t('field.recipient'), entry.payload.recipient],
        [t('field.purpose'), entry.payload.purpose],
        [t('field.sha256'), code(entry.payload.sha256)],
        [t('field.body'), prose(entry.payload.body)]
      ]
    case 'anchor':
      return [[t('field.body'), code(JSON.stringify(entry.payload))]]
    default: {
      // A kind this page does not know yet is shown by its fields in the list above.
      const unknown: never = entry
      return unknown
    }
  }
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

/** One entry as recorded: its fields, its place in the chain, and its files. */
export function EntryScreen(props: EntryScreenProps): React.JSX.Element {
  const i18n = useI18n()
  const { t } = i18n
  const call = useCall()
  const [view, setView] = useState<EntryView | null>(null)
  const { bridge, seq } = props
  const { run } = call

  useEffect(() => {
    let current = true
    const load = async () => {
      const found = await run(() => bridge.getEntry({ ref: String(seq) }))
      if (current && found !== null) setView(found)
    }
    void load()
    return () => {
      current = false
    }
  }, [bridge, run, seq])

  const entry = view?.entry ?? null
  const shot = entry === null ? -1 : screenshotIndex(entry)
  const heading =
    view === null ? t('ui.entry.loading') : (entry?.title ?? t('ui.entry.withdrawnTitle', { seq }))
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
            <span className="seq">#{view.seq}</span>
          </p>
          {view.withdrawnBy !== null && (
            <p className="notice warning">{t('cli.show.withdrawn', { seq: view.withdrawnBy })}</p>
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
                  #{ref.seq} ({t(`kind.${ref.kind}`)})
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
              [t('field.recordedAt'), formatUtc(view.recordedAt)],
              [
                t('ui.form.occurredAt'),
                entry?.occurredAt === undefined ? undefined : formatUtc(entry.occurredAt)
              ],
              [t('field.author'), entry?.author],
              [t('field.id'), code(view.id)],
              ...(entry === null ? [] : payloadRows(t, entry))
            ]}
          />
          <h2>{t('report.section.hashes')}</h2>
          <Facts
            rows={[
              [t('field.commitment'), code(view.link.commitment)],
              [t('field.chain'), code(view.link.chain)],
              [t('field.signature'), code(view.link.signature)]
            ]}
          />
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
                      <td className="number">{formatBytes(a.size, i18n)}</td>
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
