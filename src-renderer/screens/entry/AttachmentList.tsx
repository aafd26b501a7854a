import { useEffect, useRef, useState } from 'react'
import type { Result } from '../../../src-main/common/contract/Result'
import type { SavedCopyView } from '../../../src-main/common/contract/EntryPageApi'
import type { Attachment } from '../../../src-main/common/entry/Entry'
import type { DalelBridge } from '../../dalelBridge'
import { ErrorNotice } from '../../components/Notice'
import { ReplaceQuestion } from '../../components/ReplaceQuestion'
import { useI18n } from '../../i18n/I18n'
import { useCall } from '../../useCall'

export interface AttachmentListProps {
  bridge: DalelBridge
  seq: number
  attachments: readonly Attachment[]
}

/** The name the save dialog proposes: the recorded one, without anything that reads as a folder. */
function proposedName(attachment: Attachment): string {
  const name = attachment.name.replace(/[/\\]/g, '_').trim()
  return (name === '' ? 'attachment' : name).slice(0, 255)
}

/**
 * An entry's files, each with "Save a copy…": the system save dialog chooses where (the app
 * grants that one path for this one use), the service writes the original bytes there,
 * decrypted, and checks them against the recorded SHA-256. A file already there is a
 * question, never silently replaced; the copy is not encrypted, and the page says so first.
 */
export function AttachmentList({
  bridge,
  seq,
  attachments
}: AttachmentListProps): React.JSX.Element {
  const { t, f } = useI18n()
  const call = useCall()
  /** a copy waiting for "replace?" */
  const [replacing, setReplacing] = useState<{ index: number; out: string } | null>(null)
  const [saved, setSaved] = useState<{ name: string; copy: SavedCopyView } | null>(null)
  /** the result, brought into view: the row clicked may be far above it (ReplaceQuestion does its own) */
  const answer = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (saved !== null) answer.current?.scrollIntoView({ block: 'nearest' })
  }, [saved])

  const save = async (index: number, out: string, overwrite: boolean) => {
    setSaved(null)
    setReplacing(null)
    const copy = await call.run(async (): Promise<Result<SavedCopyView | null>> => {
      const answer = await bridge.saveAttachment({
        seq,
        index,
        out,
        ...(overwrite ? { overwrite: true } : {})
      })
      if (answer.ok || answer.error.code !== 'file-exists') return answer
      // An existing file is a question for the person, not a failure.
      setReplacing({ index, out })
      return { ok: true, value: null }
    })
    if (copy !== null) setSaved({ name: attachments[index]?.name ?? '', copy })
  }

  const choose = async (index: number) => {
    const attachment = attachments[index]
    if (attachment === undefined) return
    setSaved(null)
    const out = await call.run(() =>
      bridge.chooseSaveFile({ purpose: 'attachment', name: proposedName(attachment) })
    )
    if (out !== null) await save(index, out, false)
  }

  return (
    <section className="attachments" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('field.attachments')}</h2>
      <p className="notice warning">{t('ui.entry.copyWarning')}</p>
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
          {attachments.map((a, index) => (
            <tr key={`${a.role}-${a.sha256}-${a.name}`}>
              <td className="name">
                <span className="code">{a.name}</span>
                <br />
                <button
                  type="button"
                  className="link"
                  disabled={call.busy}
                  aria-label={t('ui.entry.saveCopyOf', { name: a.name })}
                  onClick={() => void choose(index)}
                >
                  {t('ui.entry.saveCopy')}
                </button>
              </td>
              <td>{t(`report.role.${a.role}`)}</td>
              <td className="number">{f.bytes(a.size)}</td>
              <td className="code hash">{a.sha256}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div ref={answer} className="copy-answer">
        {replacing !== null && (
          <ReplaceQuestion
            text={t('ui.entry.copyExists', { path: replacing.out })}
            onReplace={() => void save(replacing.index, replacing.out, true)}
            onChooseOther={() => void choose(replacing.index)}
            onCancel={() => {
              setReplacing(null)
            }}
          />
        )}
        <ErrorNotice text={call.error} />
        {saved !== null && (
          <p className="notice success" role="status">
            {t('ui.entry.copySaved', { name: saved.name, path: saved.copy.path })}
          </p>
        )}
      </div>
    </section>
  )
}
