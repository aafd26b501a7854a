import { useEffect, useRef, useState } from 'react'
import type { EntryView } from '../../src-main/common/contract/VaultApi'
import { DateTimeField, dateTimeIso, dateTimeValueOf } from '../components/DateTimeField'
import type { DateTimeValue } from '../components/DateTimeField'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'

export interface AmendScreenProps {
  bridge: DalelBridge
  seq: number
  onDone: (seq: number) => void
  onCancel: () => void
}

interface Draft {
  title: string
  body: string
  place: string
  occurred: DateTimeValue
}

function payloadText(view: EntryView, key: 'body' | 'place'): string {
  const payload = view.entry?.payload as Record<string, unknown> | undefined
  const value = payload?.[key]
  return typeof value === 'string' ? value : ''
}

/**
 * A correction: the fields as recorded, to change, and why. Nothing is edited in place: the
 * amendment is a new entry naming this one, and both stay in the chain.
 */
export function AmendScreen(props: AmendScreenProps): React.JSX.Element {
  const { t, f } = useI18n()
  const call = useCall()
  const load = useCall()
  const { bridge, seq } = props
  const [view, setView] = useState<EntryView | null>(null)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [reason, setReason] = useState('')
  // The wall-clock parts depend on the zone only, not the language: read with the first.
  const zoneFormat = useRef(f)
  const { run: loadRun } = load

  useEffect(() => {
    let current = true
    const read = async () => {
      const found = await loadRun(() => bridge.getEntry({ ref: String(seq) }))
      if (!current || found === null) return
      setView(found)
      setDraft({
        title: found.entry?.title ?? '',
        body: payloadText(found, 'body'),
        place: payloadText(found, 'place'),
        occurred: dateTimeValueOf(found.entry?.occurredAt, zoneFormat.current)
      })
    }
    void read()
    return () => {
      current = false
    }
  }, [bridge, seq, loadRun])

  const submit = async () => {
    if (view === null || draft === null) return
    if (reason.trim() === '') {
      call.setError('ui.amend.needReason')
      return
    }
    const occurredAt = dateTimeIso(draft.occurred, f)
    if (occurredAt === null) {
      call.setError('ui.dateField.invalid')
      return
    }
    const was = dateTimeIso(dateTimeValueOf(view.entry?.occurredAt, f), f)
    const changes = {
      ...(draft.title.trim() !== (view.entry?.title ?? '') && draft.title.trim() !== ''
        ? { title: draft.title.trim() }
        : {}),
      ...(draft.body !== payloadText(view, 'body') ? { body: draft.body } : {}),
      ...(view.kind === 'incident' && draft.place.trim() !== payloadText(view, 'place')
        ? { place: draft.place.trim() }
        : {}),
      ...(occurredAt !== undefined && occurredAt !== was ? { occurredAt } : {})
    }
    if (Object.keys(changes).length === 0) {
      call.setError('ui.amend.nothingChanged')
      return
    }
    const saved = await call.run(() =>
      bridge.amend({ target: String(seq), reason: reason.trim(), ...changes })
    )
    if (saved !== null) props.onDone(seq)
  }

  const set = (patch: Partial<Draft>) => {
    setDraft((current) => (current === null ? current : { ...current, ...patch }))
  }

  return (
    <section className="screen narrow" aria-labelledby="amend-title">
      <h1 id="amend-title">{t('ui.amend.title', { seq })}</h1>
      <p className="lead">{t('ui.amend.intro')}</p>
      {draft !== null && view !== null && (
        <form
          className="form"
          onChange={() => {
            call.setError(null)
          }}
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
        >
          <Field
            label={t('field.title')}
            value={draft.title}
            onChange={(title) => {
              set({ title })
            }}
          />
          <DateTimeField
            label={t('ui.form.occurredAt')}
            value={draft.occurred}
            onChange={(occurred) => {
              set({ occurred })
            }}
          />
          {view.kind === 'incident' && (
            <Field
              label={t('field.place')}
              value={draft.place}
              onChange={(place) => {
                set({ place })
              }}
            />
          )}
          <Field
            label={t('field.body')}
            value={draft.body}
            rows={6}
            onChange={(body) => {
              set({ body })
            }}
          />
          <Field
            label={t('ui.amend.reason')}
            value={reason}
            onChange={setReason}
            rows={3}
            hint={t('ui.amend.reasonHint')}
          />
          <FormFooter
            error={call.error ?? load.error}
            busy={call.busy}
            busyText={t('ui.form.saving')}
            submitLabel={t('ui.amend.submit')}
            other={{ label: t('ui.cancel'), onClick: props.onCancel, className: 'secondary' }}
          />
        </form>
      )}
    </section>
  )
}
