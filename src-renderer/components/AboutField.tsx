import { useEffect, useId, useState } from 'react'
import type { EntryKind } from '../../src-main/common/entry/Entry'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { entryNumber } from '../screens/entryNumber'
import { useDebounced } from '../useDebounced'

/** An entry a new one may be about, as the list shows it. */
export interface AboutChoice {
  seq: number
  kind: EntryKind
  /** null for an entry whose title is not for display */
  title: string | null
}

export interface AboutFieldProps {
  bridge: DalelBridge
  /** the entries chosen, in the order they were picked */
  value: readonly AboutChoice[]
  onChange: (value: AboutChoice[]) => void
  /**
   * An entry chosen before the form opened ("add a note about this" on its page): offered,
   * not imposed, the journalist may leave it out like any other.
   */
  preset?: number
}

/** The kinds of entry that hold evidence: what a note, incident, file or capture is about. */
const EVIDENCE_KINDS: EntryKind[] = ['note', 'incident', 'web-capture', 'file', 'probe']
/** A short list: the newest entries, or the best matches of what is typed. */
const SHOWN = 6
/** "8", "#8", "№ 8": an entry's number as people write it. */
const ENTRY_NUMBER = /^[#№]?\s*(\d{1,15})$/u

/** What the page sends as `about`: the entries' seqs, which the service resolves. */
export function aboutRefs(value: readonly AboutChoice[]): { about?: string[] } {
  return value.length === 0 ? {} : { about: value.map((choice) => String(choice.seq)) }
}

/**
 * "About which entries": the entries a new one is about (its `about` links, signed with it
 * and shown both ways on the entry pages). Typed as a number (№8) or words of a title, or
 * picked from the newest entries; Enter in the search box picks the first one found, so the
 * whole choice works from the keyboard, and never submits the form by accident.
 */
export function AboutField(props: AboutFieldProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const { bridge, value, onChange } = props
  const id = useId()
  const [text, setText] = useState('')
  const query = useDebounced(text.trim(), 200)
  const [found, setFound] = useState<AboutChoice[] | null>(null)
  const { preset } = props

  useEffect(() => {
    if (preset === undefined) return undefined
    let current = true
    const load = async () => {
      const view = await bridge.getEntry({ ref: String(preset) })
      if (current && view.ok && view.value.entry !== null)
        onChange([{ seq: view.value.seq, kind: view.value.kind, title: view.value.entry.title }])
    }
    void load()
    return () => {
      current = false
    }
    // Once, when the form opens: the choice is the journalist's from then on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, preset])

  useEffect(() => {
    let current = true
    const look = async () => {
      const number = ENTRY_NUMBER.exec(query)?.[1]
      let choices: AboutChoice[] = []
      if (number !== undefined) {
        const view = await bridge.getEntry({ ref: number })
        if (view.ok && view.value.entry !== null && EVIDENCE_KINDS.includes(view.value.kind))
          choices = [{ seq: view.value.seq, kind: view.value.kind, title: view.value.entry.title }]
      } else {
        const page = await bridge.timeline({
          order: 'recorded',
          kinds: EVIDENCE_KINDS,
          limit: SHOWN * 2,
          ...(query !== '' ? { text: query } : {})
        })
        if (page.ok)
          choices = page.value.rows
            .filter((row) => row.withdrawnBy === null)
            .map((row) => ({ seq: row.seq, kind: row.kind, title: row.title }))
      }
      if (current) setFound(choices)
    }
    void look()
    return () => {
      current = false
    }
  }, [bridge, query])

  const chosen = new Set(value.map((choice) => choice.seq))
  const offered = (found ?? []).filter((choice) => !chosen.has(choice.seq)).slice(0, SHOWN)
  const label = (choice: AboutChoice): string =>
    `${entryNumber(locale, choice.seq)} ${t(`kind.${choice.kind}`)}${choice.title !== null ? `: ${choice.title}` : ''}`
  const pick = (choice: AboutChoice) => {
    onChange([...value, choice])
    setText('')
  }

  return (
    <fieldset className="group about-field" aria-describedby={`${id}-hint`}>
      <legend>{t('ui.about.legend')}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t('ui.about.hint')}
      </p>
      {value.length > 0 && (
        <ul className="about-chosen" aria-label={t('ui.about.chosen')}>
          {value.map((choice) => (
            <li key={choice.seq}>
              <span>{label(choice)}</span>
              <button
                type="button"
                className="link"
                aria-label={t('ui.about.remove', { entry: entryNumber(locale, choice.seq) })}
                onClick={() => {
                  onChange(value.filter((other) => other.seq !== choice.seq))
                }}
              >
                {t('ui.attach.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={id}>{t('ui.about.find')}</label>
        <input
          id={id}
          type="search"
          value={text}
          autoComplete="off"
          aria-controls={`${id}-found`}
          onChange={(event) => {
            setText(event.target.value)
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return
            // Enter here picks, it does not save the entry half-written.
            event.preventDefault()
            const first = offered[0]
            if (first !== undefined && text.trim() !== '' && query === text.trim()) pick(first)
          }}
        />
      </div>
      <ul
        className="about-found"
        id={`${id}-found`}
        aria-label={t(query === '' ? 'ui.about.newest' : 'ui.about.found')}
        aria-live="polite"
      >
        {offered.map((choice) => (
          <li key={choice.seq}>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                pick(choice)
              }}
            >
              {label(choice)}
            </button>
          </li>
        ))}
      </ul>
      {found !== null && offered.length === 0 && query !== '' && (
        <p className="hint">{t('ui.about.noneFound')}</p>
      )}
    </fieldset>
  )
}
