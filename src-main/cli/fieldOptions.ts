import type { EntryField } from '../common/entry/EntryField'
import type { Official, PersonPresent } from '../common/entry/Entry'
import { INCIDENT_TYPES } from '../common/entry/Entry'
import { withoutUndefined } from '../common/util/withoutUndefined'
import { UsageError } from './CliContext'
import type { OptionSpec, OptionValues } from './Command'
import { listOption, stringOption } from './Command'

// The options that set an entry's fields, made from the entry-field table: `incident` takes
// them to record, `amend` to correct. A field added to the table gets its option here.

type Field = EntryField<never>

/** Shapes given as a repeatable option, one value per use. */
const REPEATED = new Set(['list', 'officials', 'people'])

/** The parseArgs options of the fields that have one. */
export function fieldOptionSpec(fields: readonly Field[]): OptionSpec {
  const spec: OptionSpec = {}
  for (const field of fields) {
    if (field.option === undefined) continue
    spec[field.option] = REPEATED.has(field.shape)
      ? { type: 'string', multiple: true }
      : { type: 'string' }
  }
  return spec
}

/** How the usage line writes a field's value, by shape; any other shape is text, `T`. */
const VALUE_OF_SHAPE: Partial<Record<Field['shape'], string>> = {
  officials: '"NAME|POSITION|UNIT"',
  people: '"NAME|ROLE"',
  enum: 'TYPE',
  time: 'ISO',
  list: 'X'
}

/** The usage text of the fields' options, e.g. `[--place T] [--witness X]…`. */
export function fieldOptionUsage(fields: readonly Field[]): string {
  return fields
    .filter((field) => field.option !== undefined)
    .map((field) => {
      const meta = VALUE_OF_SHAPE[field.shape] ?? 'T'
      return `[--${field.option ?? ''} ${meta}]${REPEATED.has(field.shape) ? '…' : ''}`
    })
    .join(' ')
}

/** Splits "A|B|C" into at most `parts` trimmed parts; more is a usage error, not dropped. */
function splitParts(option: string, text: string, parts: number, form: string): string[] {
  const split = text.split('|').map((part) => part.trim())
  if (split.length > parts) throw new UsageError('cli.tooManyParts', { option, value: text, form })
  return split
}

/** "NAME|POSITION|UNIT": any part may be empty. */
export function parseOfficial(text: string): Official {
  const [name, position, unit] = splitParts('--official', text, 3, 'NAME|POSITION|UNIT')
  return withoutUndefined({
    name: name || undefined,
    position: position || undefined,
    unit: unit || undefined
  })
}

/** "NAME|ROLE": either part may be empty. */
export function parsePerson(text: string): PersonPresent {
  const [name, role] = splitParts('--present', text, 2, 'NAME|ROLE')
  return withoutUndefined({ name: name || undefined, role: role || undefined })
}

/**
 * The values of the fields whose options were given, by field key. Dates are checked later
 * with the rest of the entry (validateDraft), so the error names the field.
 */
export function readFieldOptions(
  values: OptionValues,
  fields: readonly Field[]
): Record<string, unknown> {
  const read: Record<string, unknown> = {}
  for (const field of fields) {
    const option = field.option
    if (option === undefined || values[option] === undefined) continue
    switch (field.shape) {
      case 'list':
        read[field.key] = listOption(values, option)
        break
      case 'officials':
        read[field.key] = listOption(values, option).map(parseOfficial)
        break
      case 'people':
        read[field.key] = listOption(values, option).map(parsePerson)
        break
      case 'enum': {
        const value = stringOption(values, option) ?? ''
        if (
          field.enumPrefix === 'incident.' &&
          !(INCIDENT_TYPES as readonly string[]).includes(value)
        )
          throw new UsageError('cli.badIncidentType', {
            type: value,
            types: INCIDENT_TYPES.join(', ')
          })
        read[field.key] = value
        break
      }
      default:
        read[field.key] = stringOption(values, option)
    }
  }
  return read
}
