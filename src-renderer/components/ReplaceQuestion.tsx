import { useEffect, useRef } from 'react'
import { useI18n } from '../i18n/I18n'

export interface ReplaceQuestionProps {
  /** the question, naming the file that is there already */
  text: string
  onReplace: () => void
  onChooseOther: () => void
  /** leave the file as it is and write nothing; Escape does the same */
  onCancel: () => void
}

/**
 * "Replace it?" before a file already there is written over — a bundle possibly handed over
 * already, or an earlier copy of an attachment. The file stays as it is until the person
 * answers: Replace, another name, or Cancel (Escape). The question takes the focus and comes
 * into view, since the button that raised it may be far above it on the page.
 */
export function ReplaceQuestion(props: ReplaceQuestionProps): React.JSX.Element {
  const { t } = useI18n()
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' })
    box.current?.focus()
  }, [])
  return (
    <div
      ref={box}
      tabIndex={-1}
      className="notice warning replace"
      role="alert"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return
        event.preventDefault()
        props.onCancel()
      }}
    >
      <p>{props.text}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onReplace}>
          {t('ui.export.replace')}
        </button>
        <button type="button" className="secondary" onClick={props.onChooseOther}>
          {t('ui.export.chooseOther')}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('ui.cancel')}
        </button>
      </div>
    </div>
  )
}
