import { useState } from 'react'
import type { ExportResultView } from '../../src-main/common/contract/DalelApi'
import type { Result } from '../../src-main/common/contract/Result'
import { Field } from '../components/Field'
import { BusyNotice, ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { useProgress } from './useProgress'
import { ProgressBar } from '../components/ProgressBar'
import { ChosenPath } from '../components/ChosenPath'
import { ReplaceQuestion } from '../components/ReplaceQuestion'
import { AmendmentsChoice } from './export/AmendmentsChoice'
import { EntryPicker } from './export/EntryPicker'
import type { EntryQuery } from './export/EntryPicker'
import './handOver.css'

export interface ExportScreenProps {
  bridge: DalelBridge
  /** the timeline's filter the person came with: its entries start chosen */
  initialQuery: EntryQuery | null
  onDone: (result: ExportResultView) => void
  onCancel: () => void
}

/** The bundle's proposed file name: the day, so two exports of a day differ only by choice. */
function proposedName(): string {
  return `dalel-bundle-${new Date().toISOString().slice(0, 10)}.zip`
}

/**
 * Hands entries to a lawyer: which ones (EntryPicker: one by one, or every entry a filter
 * finds), whether the amendments that correct them go along (AmendmentsChoice), who it is for
 * and why, and where the zip goes: a file the journalist picks in the system's save dialog.
 * An existing file is never replaced without asking "replace?" first.
 */
export function ExportScreen(props: ExportScreenProps): React.JSX.Element {
  const { t, f } = useI18n()
  const { bridge } = props
  const call = useCall()
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set())
  const [withAmendments, setWithAmendments] = useState(true)
  const [recipient, setRecipient] = useState('')
  const [purpose, setPurpose] = useState('')
  const [out, setOut] = useState<string | null>(null)
  const [askReplace, setAskReplace] = useState(false)
  const [writing, setWriting] = useState(false)
  const progress = useProgress(bridge, 'exportProgress')

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

      <EntryPicker
        bridge={bridge}
        initialQuery={props.initialQuery}
        chosen={chosen}
        onChosen={setChosen}
      />
      <AmendmentsChoice
        bridge={bridge}
        chosen={chosen}
        withAmendments={withAmendments}
        onWithAmendments={setWithAmendments}
      />

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
