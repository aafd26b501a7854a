import type { Clock } from '../common/crypto/EvidenceCrypto'
import { ENTRY_FIELDS } from '../common/entry/entryFields'
import { ENTRY_LIMITS } from '../common/entry/entryLimits'
import { CLOCK_SKEW_MINUTES, STATED_TIME_FORMS, parseStatedTime } from '../common/time/statedTime'
import type { CliContext } from './CliContext'
import { UsageError } from './CliContext'
import type { OptionValues } from './Command'

/** Every option that states a time (`--occurred`, `--ended`, …), from the entry-field table. */
const TIME_OPTIONS: ReadonlySet<string> = new Set([
  'occurred',
  ...Object.values(ENTRY_FIELDS).flatMap((fields) =>
    fields.flatMap((field) =>
      field.shape === 'time' && field.option !== undefined ? [field.option] : []
    )
  )
])

/** Options whose value is a title or a long text, with their limit. */
const TEXT_LIMITS: Readonly<Record<string, number>> = {
  title: ENTRY_LIMITS.titleChars,
  body: ENTRY_LIMITS.textChars,
  reason: ENTRY_LIMITS.textChars,
  purpose: ENTRY_LIMITS.textChars,
  'legal-basis': ENTRY_LIMITS.textChars
}

/**
 * Node turns bytes that are not UTF-8 in an argument into U+FFFD before any code sees them,
 * so the raw bytes cannot be checked; the replacement character is the trace they leave. An
 * argument carrying it is refused rather than recorded altered (a person who means to type
 * U+FFFD itself cannot, which is the price).
 */
export function refuseReplacementCharacters(args: readonly string[]): void {
  const bad = args.find((arg) => arg.includes('\uFFFD'))
  if (bad !== undefined) throw new UsageError('cli.invalidUtf8', { arg: bad })
}

/**
 * Checks the parsed options before the vault is opened: stated times are read (ISO or
 * day-first dotted, a missing offset filled with the local zone's, which is said on stderr)
 * and replaced by their stored form; titles and texts over ENTRY_LIMITS are refused. The
 * service checks both again (validateDraft), for the app and any other face.
 */
export function checkArguments(ctx: CliContext, values: OptionValues, clock: Clock): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue
    const max = TEXT_LIMITS[name]
    if (max !== undefined && value.length > max)
      throw new UsageError('cli.tooLong', { option: `--${name}`, length: value.length, max })
    if (!TIME_OPTIONS.has(name)) continue
    const time = parseStatedTime(value, clock.now())
    if (!time.ok)
      throw new UsageError('cli.badTime', {
        option: `--${name}`,
        value,
        problem: time.problem,
        skew: CLOCK_SKEW_MINUTES,
        forms: STATED_TIME_FORMS.join(', ')
      })
    if (time.zoneAssumed)
      ctx.stderr.write(
        `${ctx.t('cli.timeZoneAssumed', { option: `--${name}`, value, stored: time.value })}\n`
      )
    values[name] = time.value
  }
}
