import type { EntryKind } from './Entry'
import type { EntryField } from './EntryField'
import { COMMON_FIELDS } from './fields/commonFields'
import { NOTE_FIELDS } from './fields/noteFields'
import { INCIDENT_FIELDS } from './fields/incidentFields'
import { FILE_FIELDS } from './fields/fileFields'
import { AMENDMENT_FIELDS } from './fields/amendmentFields'
import { WITHDRAWAL_FIELDS } from './fields/withdrawalFields'
import { CUSTODY_FIELDS } from './fields/custodyFields'
import { WEB_CAPTURE_FIELDS } from './fields/webCaptureFields'
import { ANCHOR_FIELDS } from './fields/anchorFields'
import { PROBE_FIELDS } from './fields/probeFields'
import { WATCH_FIELDS } from './fields/watchFields'

// The fields of every entry kind, once: which payload key, under which label, in what shape.
// The CLI's `show`, the app's entry screen, the report and `amend` all read this table, so a
// field added to a kind is added in its file under fields/ and in the catalogs, and every
// face shows it. shownFields.ts reads an entry's values through it, fieldLines.ts prints them.

type Table = { [K in EntryKind]: readonly EntryField<K>[] }

export const ENTRY_FIELDS: Table = {
  note: NOTE_FIELDS,
  incident: INCIDENT_FIELDS,
  file: FILE_FIELDS,
  amendment: AMENDMENT_FIELDS,
  withdrawal: WITHDRAWAL_FIELDS,
  custody: CUSTODY_FIELDS,
  'web-capture': WEB_CAPTURE_FIELDS,
  anchor: ANCHOR_FIELDS,
  probe: PROBE_FIELDS,
  watch: WATCH_FIELDS
}

/** The fields an amendment may correct in an entry of `kind`: title, time, and its own. */
export function amendableFields(kind: EntryKind): EntryField<never>[] {
  const fields: readonly EntryField<never>[] = [...COMMON_FIELDS, ...fieldsOf(kind)]
  return fields.filter((field) => field.amendable === true)
}

/** Every field some kind lets an amendment correct, each key once (the options of `amend`). */
export function allAmendableFields(): EntryField<never>[] {
  const byKey = new Map<string, EntryField<never>>()
  for (const kind of Object.keys(ENTRY_FIELDS) as EntryKind[])
    for (const field of amendableFields(kind))
      if (!byKey.has(field.key)) byKey.set(field.key, field)
  return [...byKey.values()]
}

/** The table's fields of a kind (typed loosely, for faces that walk any kind). */
export function fieldsOf(kind: EntryKind): readonly EntryField<never>[] {
  return ENTRY_FIELDS[kind]
}

/** The field an amendment's change names: a common field, or a payload field of any kind. */
export function fieldByKey(key: string): EntryField<never> | undefined {
  const common = COMMON_FIELDS.find((f) => f.key === key)
  if (common !== undefined) return common
  for (const kind of Object.keys(ENTRY_FIELDS) as EntryKind[]) {
    const found = fieldsOf(kind).find((f) => f.key === key && f.amendable === true)
    if (found !== undefined) return found
  }
  return undefined
}
