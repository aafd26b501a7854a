import type { ReactNode } from 'react'
import type { Entry } from '../../../src-main/common/entry/Entry'
import type { FieldValue } from '../../../src-main/common/entry/EntryField'
import { fieldLines, translateMessage } from '../../../src-main/common/entry/fieldLines'
import { shownFields } from '../../../src-main/common/entry/shownFields'
import { Time } from '../../components/Time'
import type { Translate } from '../../i18n/I18n'
import { EntryLink } from './EntryLinks'
import type { FactRow } from './Facts'
import { TlsFacts } from './TlsFacts'

export const code = (value: string | undefined): ReactNode =>
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

/** How an entry number is written and, where the page can, opened. */
export interface EntryNumbers {
  no: (seq: number) => string
  open?: ((seq: number) => void) | undefined
  /** a time whose label says UTC is shown in UTC */
  utc?: boolean
}

/** Labels that promise UTC: the report prints these instants in UTC, and so does the page. */
const UTC_LABELS: ReadonlySet<string> = new Set([
  'report.capture.startedAt',
  'report.capture.endedAt'
])

/** One field's value laid out for the page, from its shape in the entry-field table. */
export function fieldNode(t: Translate, value: FieldValue, numbers: EntryNumbers): ReactNode {
  const { no, open } = numbers
  switch (value.shape) {
    case 'text':
    case 'number':
      return String(value.value)
    case 'prose':
      return prose(value.value)
    case 'code':
      return code(value.value)
    case 'time':
      return <Time iso={value.value} show={numbers.utc === true ? 'utc' : 'dateTime'} />
    case 'enum':
      return sentence(t(value.label))
    case 'ref':
      return no(value.value.seq)
    case 'refs':
      return open === undefined
        ? value.value.map((ref) => no(ref.seq)).join(', ')
        : value.value.map((ref) => (
            <EntryLink key={ref.seq} seq={ref.seq} onOpen={open}>
              {no(ref.seq)}
            </EntryLink>
          ))
    case 'message':
      return translateMessage(t, value)
    case 'list':
    case 'officials':
    case 'people':
    case 'headers':
      return list(fieldLines(t, value))
    case 'tls':
      return <TlsFacts tls={value.value} />
    case 'seqs':
    case 'json':
      return fieldLines(t, value).join('\n')
    default: {
      const unknown: never = value
      return unknown
    }
  }
}

/**
 * The rows of an entry's kind-specific fields, from the one entry-field table the CLI and the
 * report read; the long ones (`block`: a body, a capture's visible text) get a section of
 * their own (BlockFields).
 */
export function payloadRows(t: Translate, entry: Entry, numbers: EntryNumbers): FactRow[] {
  return shownFields(entry)
    .filter((field) => !field.block)
    .map((field) => [
      field.label === null ? field.key : t(field.label),
      fieldNode(t, field.value, { ...numbers, utc: UTC_LABELS.has(field.label ?? '') })
    ])
}

/** An entry's long fields, each under its own heading in a frame that scrolls. */
export function BlockFields({
  t,
  entry,
  numbers
}: {
  t: Translate
  entry: Entry
  numbers: EntryNumbers
}): React.JSX.Element {
  return (
    <>
      {shownFields(entry)
        .filter((field) => field.block)
        .map((field) => {
          const label = field.label === null ? field.key : t(field.label)
          const id = `block-${field.key}`
          return (
            // A plain block, not a region: the frame below is the region this heading names.
            <div key={field.key} className="block-field">
              <h2 id={id}>{label}</h2>
              <div className="scroll-box" tabIndex={0} role="region" aria-labelledby={id}>
                {fieldNode(t, field.value, numbers)}
              </div>
            </div>
          )
        })}
    </>
  )
}
