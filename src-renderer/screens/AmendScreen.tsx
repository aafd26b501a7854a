import { useEffect, useRef, useState } from 'react'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import type { Entry } from '../../src-main/common/entry/Entry'
import { amendableFields } from '../../src-main/common/entry/entryFields'
import type { EntryField } from '../../src-main/common/entry/EntryField'
import { Field } from '../components/Field'
import { FieldEditor } from '../components/FieldEditor'
import { draftOf, sameValue, valueOfDraft } from '../components/fieldDraft'
import type { FieldDraft } from '../components/fieldDraft'
import { ScreenForm } from '../components/ScreenForm'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import type { LocalFormat } from '../../src-main/common/i18n/LocalFormat'
import { useCall } from '../useCall'

export interface AmendScreenProps {
  bridge: DalelBridge
  seq: number
  onDone: (seq: number) => void
  onCancel: () => void
}

/** A field's value in the entry as it stands (amendments applied): title and time on top. */
function rawValue(entry: Entry, key: string): unknown {
  if (key === 'title' || key === 'occurredAt') return entry[key]
  return (entry.payload as unknown as Record<string, unknown>)[key]
}

interface Editable {
  field: EntryField<never>
  /** the value as the entry holds it now, read back through a draft so both compare alike */
  was: unknown
}

/** Every field the entry's kind lets an amendment correct, with its draft to start from. */
function editableFields(
  entry: Entry,
  f: LocalFormat
): { fields: Editable[]; drafts: Record<string, FieldDraft> } {
  const fields: Editable[] = []
  const drafts: Record<string, FieldDraft> = {}
  for (const field of amendableFields(entry.kind)) {
    const draft = draftOf(field, rawValue(entry, field.key), f)
    if (draft === null) continue
    const was = valueOfDraft(draft, f)
    fields.push({ field, was: 'value' in was ? was.value : undefined })
    drafts[field.key] = draft
  }
  return { fields, drafts }
}

/**
 * A correction: every field the entry's kind lets an amendment correct (the entry-field
 * table's amendableFields, the same list `dalel amend` takes), filled in as the entry stands,
 * and why. Nothing is edited in place: the amendment is a new entry naming this one.
 */
export function AmendScreen(props: AmendScreenProps): React.JSX.Element {
  const { t, f } = useI18n()
  const call = useCall()
  const load = useCall()
  const { bridge, seq } = props
  const [view, setView] = useState<EntryView | null>(null)
  const [fields, setFields] = useState<Editable[]>([])
  const [drafts, setDrafts] = useState<Record<string, FieldDraft>>({})
  const [reason, setReason] = useState('')
  // The wall-clock parts depend on the zone only, not the language: read with the first.
  const zoneFormat = useRef(f)
  const { run: loadRun } = load

  useEffect(() => {
    let current = true
    const read = async () => {
      const found = await loadRun(() => bridge.getEntry({ ref: String(seq) }))
      if (!current || found?.entry == null) return
      const editable = editableFields(found.entry, zoneFormat.current)
      setView(found)
      setFields(editable.fields)
      setDrafts(editable.drafts)
    }
    void read()
    return () => {
      current = false
    }
  }, [bridge, seq, loadRun])

  const submit = async () => {
    if (view === null) return
    if (reason.trim() === '') {
      call.setError('ui.amend.needReason')
      return
    }
    const changes: Record<string, unknown> = {}
    for (const { field, was } of fields) {
      const draft = drafts[field.key]
      if (draft === undefined) continue
      const now = valueOfDraft(draft, f)
      if ('invalid' in now) {
        call.setError(now.invalid)
        return
      }
      // A title or a time is corrected, never emptied: left empty, it stays as it was.
      if ((field.key === 'title' || field.shape === 'time') && (now.value ?? '') === '') continue
      if (!sameValue(now.value, was)) changes[field.key] = now.value
    }
    if (Object.keys(changes).length === 0) {
      call.setError('ui.amend.nothingChanged')
      return
    }
    const saved = await call.run(() =>
      bridge.amend({ target: String(seq), reason: reason.trim(), changes })
    )
    if (saved !== null) props.onDone(seq)
  }

  return (
    <ScreenForm
      title={t('ui.amend.title', { seq })}
      lead={t('ui.amend.intro')}
      wide
      ready={view !== null}
      call={call}
      otherError={load.error}
      busyText={t('ui.form.saving')}
      submitLabel={t('ui.amend.submit')}
      onSubmit={submit}
      other={{ cancel: props.onCancel }}
    >
      <div className="grid">
        {fields.map(({ field }) => {
          const draft = drafts[field.key]
          return draft === undefined ? null : (
            <FieldEditor
              key={field.key}
              field={field}
              draft={draft}
              onChange={(next) => {
                call.setError(null)
                setDrafts((current) => ({ ...current, [field.key]: next }))
              }}
            />
          )
        })}
      </div>
      <Field
        label={t('ui.amend.reason')}
        value={reason}
        onChange={setReason}
        rows={3}
        wide
        hint={t('ui.amend.reasonHint')}
      />
    </ScreenForm>
  )
}
