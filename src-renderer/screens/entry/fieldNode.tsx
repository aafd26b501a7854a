import { Fragment } from 'react'
import type { ReactNode } from 'react'
import type { Entry } from '../../../src-main/common/entry/Entry'
import type { FieldValue } from '../../../src-main/common/entry/EntryField'
import { fieldLines, translateMessage } from '../../../src-main/common/entry/fieldLines'
import { promisesUtc } from '../../../src-main/common/entry/promisesUtc'
import type { AmendedField } from '../../../src-main/common/entry/fieldHistory'
import { fieldSlots, shownFields } from '../../../src-main/common/entry/shownFields'
import type { ShownField } from '../../../src-main/common/entry/shownFields'
import { Time } from '../../components/Time'
import type { Translate } from '../../i18n/I18n'
import { AmendedMark } from './AmendedMark'
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
        : value.value.map((ref, i) => (
            <Fragment key={ref.seq}>
              {i > 0 && ', '}
              <EntryLink seq={ref.seq} onOpen={open}>
                {no(ref.seq)}
              </EntryLink>
            </Fragment>
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

/** The entry's corrected fields (fieldHistory), by key: none for an entry never amended. */
export type FieldMarks = ReadonlyMap<string, AmendedField>
const NO_MARKS: FieldMarks = new Map()

/** A field's value with, when an amendment corrected it, the mark that says so beside it. */
export function markedNode(
  t: Translate,
  marks: FieldMarks,
  key: string,
  node: ReactNode,
  numbers: EntryNumbers
): ReactNode {
  const field = marks.get(key)
  if (field === undefined) return node
  return (
    <>
      {node ?? '—'}
      <AmendedMark field={field} render={(value) => fieldNode(t, value, numbers)} />
    </>
  )
}

/**
 * The fields to lay out: those with a value, and those an amendment emptied (shown as emptied,
 * with their mark, rather than dropped), in the table's order.
 */
function fieldsWithMarks(
  entry: Entry,
  marks: FieldMarks
): (Omit<ShownField, 'value'> & {
  value: ShownField['value'] | undefined
})[] {
  const slots = fieldSlots(entry)
  const emptied = slots.filter((slot) => slot.value === undefined && marks.has(slot.key))
  if (emptied.length === 0) return shownFields(entry)
  const order = slots.map((slot) => slot.key)
  const at = (key: string) => order.indexOf(key) + 1 || order.length + 1
  return [...shownFields(entry), ...emptied].sort((a, b) => at(a.key) - at(b.key))
}

/**
 * The rows of an entry's kind-specific fields, from the one entry-field table the CLI and the
 * report read; the long ones (`block`: a body, a capture's visible text) get a section of
 * their own (BlockFields). A corrected field carries its mark (AmendedMark).
 */
export function payloadRows(
  t: Translate,
  entry: Entry,
  numbers: EntryNumbers,
  marks: FieldMarks = NO_MARKS
): FactRow[] {
  return fieldsWithMarks(entry, marks)
    .filter((field) => !field.block)
    .map((field) => [
      field.label === null ? field.key : t(field.label),
      markedNode(
        t,
        marks,
        field.key,
        field.value === undefined
          ? undefined
          : fieldNode(t, field.value, { ...numbers, utc: promisesUtc(field.label) }),
        numbers
      )
    ])
}

/** An entry's long fields, each under its own heading in a frame that scrolls. */
export function BlockFields({
  t,
  entry,
  numbers,
  marks = NO_MARKS
}: {
  t: Translate
  entry: Entry
  numbers: EntryNumbers
  marks?: FieldMarks
}): React.JSX.Element {
  return (
    <>
      {fieldsWithMarks(entry, marks)
        .filter((field) => field.block)
        .map((field) => {
          const label = field.label === null ? field.key : t(field.label)
          const id = `block-${field.key}`
          const mark = marks.get(field.key)
          return (
            // A plain block, not a region: the frame below is the region this heading names.
            <div key={field.key} className="block-field">
              <h2 id={id}>{label}</h2>
              {mark !== undefined && (
                <AmendedMark field={mark} render={(value) => fieldNode(t, value, numbers)} />
              )}
              <div className="scroll-box" tabIndex={0} role="region" aria-labelledby={id}>
                {field.value === undefined ? '—' : fieldNode(t, field.value, numbers)}
              </div>
            </div>
          )
        })}
    </>
  )
}
