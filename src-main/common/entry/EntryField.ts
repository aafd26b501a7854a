import type { MessageKey, MessageParams } from '../i18n/translate'
import type {
  CaptureTls,
  EntryKind,
  EntryPayloads,
  EntryRef,
  HttpHeader,
  Official,
  PersonPresent
} from './Entry'

// What a field of the entry-field table is (entryFields.ts holds the table): which payload
// key, under which label, in what shape.

/** How a value is shaped, which decides how each face lays it out. */
export type FieldShape =
  | 'text'
  | 'prose'
  | 'code'
  | 'time'
  | 'number'
  | 'list'
  | 'enum'
  | 'officials'
  | 'people'
  | 'ref'
  | 'refs'
  | 'seqs'
  | 'message'
  | 'headers'
  | 'tls'
  | 'json'

/** A value read out of an entry, tagged with its shape. */
export type FieldValue =
  | { shape: 'text' | 'prose' | 'code' | 'time'; value: string }
  | { shape: 'number'; value: number }
  | { shape: 'list'; value: readonly string[] }
  /** a fixed set of values; `label` translates this one, and `value` is the stored word */
  | { shape: 'enum'; value: string; label: MessageKey }
  | { shape: 'officials'; value: readonly Official[] }
  | { shape: 'people'; value: readonly PersonPresent[] }
  | { shape: 'ref'; value: EntryRef }
  /** entries this one is about (`about`): each a link, shown both ways */
  | { shape: 'refs'; value: readonly EntryRef[] }
  | { shape: 'seqs'; value: readonly number[] }
  /**
   * text made of a catalog message, so it is translated wherever it is shown; `named` are
   * parameters whose value is itself a message (a stored word such as "changed")
   */
  | {
      shape: 'message'
      key: MessageKey
      params: MessageParams
      named?: Readonly<Record<string, MessageKey | readonly [MessageKey, MessageParams]>>
    }
  | { shape: 'headers'; value: readonly HttpHeader[] }
  | { shape: 'tls'; value: CaptureTls }
  | { shape: 'json'; value: unknown }

export interface EntryField<K extends EntryKind = EntryKind> {
  /** the payload key this field reads (a derived field names the first key it reads) */
  key: string
  label: MessageKey
  shape: FieldShape
  /** for `enum`: the catalog prefix of the values' names, e.g. `incident.` */
  enumPrefix?: string
  /** the entry's running text, shown below the other fields rather than among them */
  block?: true
  /** the CLI option that sets it (on the creating command and on `amend`) */
  option?: string
  /** an amendment may correct it */
  amendable?: true
  /** the payload keys it shows, when more than `key` (derived fields) */
  covers?: readonly string[]
  /** a derived value; without it the field is `payload[key]` in its shape */
  read?: (payload: EntryPayloads[K]) => FieldValue | undefined
}
