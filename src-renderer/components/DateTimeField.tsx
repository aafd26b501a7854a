import { useId } from 'react'
import { useI18n } from '../i18n/I18n'
import type { LocalFormat } from '../../src-main/common/i18n/LocalFormat'
import { monthKey } from '../../src-main/common/i18n/LocalFormat'

/** What the person typed, part by part, kept as typed until it makes a date. */
export interface DateTimeValue {
  year: string
  month: string
  day: string
  /** "07:00"; unused by a date-only field */
  time: string
}

export const EMPTY_DATE_TIME: DateTimeValue = { year: '', month: '', day: '', time: '' }

/**
 * The typed parts as a UTC instant in the formatter's zone: undefined when left empty,
 * null when partly filled or not a date (31 February, 25:00). A date-only field means the
 * start of that day.
 */
export function dateTimeIso(
  value: DateTimeValue,
  f: LocalFormat,
  withTime = true
): string | undefined | null {
  const filled = [value.year, value.month, value.day, withTime ? value.time : ''].map((part) =>
    part.trim()
  )
  if (filled.every((part) => part === '')) return undefined
  const time = withTime ? /^(\d{1,2})[:.]?(\d{2})$/.exec(value.time.trim()) : ['', '0', '0']
  if (time === null) return null
  const [year, month, day] = [value.year, value.month, value.day].map((part) =>
    /^\d+$/.test(part.trim()) ? Number(part) : NaN
  )
  return (
    f.fromParts({
      year: year ?? NaN,
      month: month ?? NaN,
      day: day ?? NaN,
      hour: Number(time[1]),
      minute: Number(time[2])
    }) ?? null
  )
}

/** The parts of an instant, for a field that starts filled in. */
export function dateTimeValueOf(iso: string | undefined, f: LocalFormat): DateTimeValue {
  const parts = iso === undefined ? null : f.parts(iso)
  if (parts === null) return EMPTY_DATE_TIME
  return {
    year: String(parts.year),
    month: String(parts.month),
    day: String(parts.day),
    time: `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`
  }
}

export interface DateTimeFieldProps {
  label: string
  value: DateTimeValue
  onChange: (value: DateTimeValue) => void
  hint?: string
  /** a day only, no time */
  dateOnly?: boolean
}

/**
 * A date and time in Dalel's language, in the order the language writes them (kk: year, day,
 * month; ru: day, month, year; en: month, day, year), with the month by name and the zone
 * shown. The native datetime-local input follows the computer's locale instead ("03/01/2026,
 * 07:00 AM" inside the Kazakh page) and cannot be told otherwise.
 */
export function DateTimeField(props: DateTimeFieldProps): React.JSX.Element {
  const { t, f, locale } = useI18n()
  const id = useId()
  const set = (part: keyof DateTimeValue) => (event: { target: { value: string } }) => {
    props.onChange({ ...props.value, [part]: event.target.value })
  }
  const iso = dateTimeIso(props.value, f, props.dateOnly !== true)
  const zone = f.zone(iso ?? new Date().toISOString())
  const part = (name: 'day' | 'year' | 'time', maxLength: number, placeholder?: string) => (
    <NumberPart
      key={name}
      id={`${id}-${name}`}
      name={name}
      label={t(`ui.dateField.${name}`)}
      maxLength={maxLength}
      placeholder={placeholder}
      value={props.value[name]}
      onChange={set(name)}
    />
  )
  const day = part('day', 2)
  const month = (
    <div className="part month" key="month">
      <label htmlFor={`${id}-month`}>{t('ui.dateField.month')}</label>
      <select id={`${id}-month`} value={props.value.month} onChange={set('month')}>
        <option value="">—</option>
        {Array.from({ length: 12 }, (_, i) => (
          <option key={i + 1} value={String(i + 1)}>
            {t(monthKey(i + 1))}
          </option>
        ))}
      </select>
    </div>
  )
  const year = part('year', 4)
  const zoneNote = (
    <span className="zone" title={t('ui.dateField.zoneHint', { zone: f.timeZone })}>
      {zone}
    </span>
  )
  const order =
    locale === 'kk' ? [year, day, month] : locale === 'ru' ? [day, month, year] : [month, day, year]
  return (
    <fieldset
      className={props.dateOnly === true ? 'field date-time' : 'field date-time with-time'}
      aria-describedby={props.hint ? `${id}-hint` : undefined}
    >
      {/* A day alone has its zone beside the field's name: after the year it went to a line
          of its own in half the timeline's filters at 1024 px. */}
      <legend>
        {props.label}
        {props.dateOnly === true && zoneNote}
      </legend>
      <div className="parts">
        {order}
        {props.dateOnly !== true && part('time', 5, t('ui.dateField.timePlaceholder'))}
        {props.dateOnly !== true && zoneNote}
      </div>
      {props.hint !== undefined && (
        <div className="hint" id={`${id}-hint`}>
          {props.hint}
        </div>
      )}
      {iso === null && (
        <div className="hint invalid" role="status">
          {t('ui.dateField.invalid')}
        </div>
      )}
    </fieldset>
  )
}

/** One typed part of the date (day, year, time): digits, typed freely, checked as a whole. */
function NumberPart(props: {
  id: string
  name: string
  label: string
  maxLength: number
  placeholder: string | undefined
  value: string
  onChange: (event: { target: { value: string } }) => void
}): React.JSX.Element {
  return (
    <div className={`part ${props.name}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        value={props.value}
        onChange={props.onChange}
      />
    </div>
  )
}
