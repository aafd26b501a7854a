import { useEffect, useMemo, useState } from 'react'
import type { DalelBridge } from '../../dalelBridge'
import { useI18n } from '../../i18n/I18n'
import { entryNumber } from '../entryNumber'

/** Timeline rows fetched per page while reading every amendment's target. */
const FETCH = 500

export interface AmendmentsChoiceProps {
  bridge: DalelBridge
  chosen: ReadonlySet<number>
  withAmendments: boolean
  onWithAmendments: (on: boolean) => void
}

/**
 * Whether the amendments that correct the chosen entries go along (yes unless the journalist
 * says no), with a plain warning for each chosen entry whose correction would be left out.
 */
export function AmendmentsChoice(props: AmendmentsChoiceProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const { bridge, chosen, withAmendments, onWithAmendments } = props
  /** amendment seq → the entry it corrects, for the warning when amendments stay behind */
  const [amendments, setAmendments] = useState<ReadonlyMap<number, number>>(new Map())
  const no = (seq: number) => entryNumber(locale, seq)

  useEffect(() => {
    const load = async () => {
      const targets = new Map<number, number>()
      for (let offset = 0; ; offset += FETCH) {
        const page = await bridge.timeline({
          order: 'recorded',
          kinds: ['amendment'],
          offset,
          limit: FETCH
        })
        if (!page.ok) return
        for (const row of page.value.rows)
          if (row.target !== undefined) targets.set(row.seq, row.target)
        if (page.value.rows.length < FETCH) break
      }
      setAmendments(targets)
    }
    void load()
  }, [bridge])

  /** Chosen entries whose amendment the bundle would not carry. */
  const leftBehind = useMemo(() => {
    if (withAmendments) return []
    const missing: { seq: number; amendedBy: number }[] = []
    for (const [amendment, target] of amendments)
      if (chosen.has(target) && !chosen.has(amendment))
        missing.push({ seq: target, amendedBy: amendment })
    return missing.sort((a, b) => a.seq - b.seq || a.amendedBy - b.amendedBy)
  }, [withAmendments, amendments, chosen])

  return (
    <fieldset className="group">
      <legend>{t('ui.export.amendments')}</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={withAmendments}
          onChange={(event) => {
            onWithAmendments(event.target.checked)
          }}
        />
        {t('ui.export.withAmendments')}
      </label>
      {leftBehind.length > 0 && (
        <div className="notice warning" role="alert">
          <p>{t('ui.export.amendmentsLeftOut')}</p>
          <ul>
            {leftBehind.map(({ seq, amendedBy }) => (
              <li key={`${seq}-${amendedBy}`}>
                {t('ui.export.amendmentLeftOut', { seq: no(seq), by: no(amendedBy) })}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              onWithAmendments(true)
            }}
          >
            {t('ui.export.takeAmendments')}
          </button>
        </div>
      )}
    </fieldset>
  )
}
