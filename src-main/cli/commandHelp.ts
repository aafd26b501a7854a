import { isMessageKey } from '../common/i18n/translate'
import type { MessageKey } from '../common/i18n/translate'
import type { CliContext } from './CliContext'
import type { Command } from './Command'
import { incidentTypeList } from './incidentTypeList'

// `dalel <command> --help`: the usage line, then each option with one line saying what it
// does, in the reader's language. The usage strings stay English in the code (they are the
// syntax DESIGN fixes); their placeholders (<vault>, NAME, ISO…) are said in the reader's
// language on the way out, from the catalog's `cli.placeholder.<word>`.

/** `<vault>`-style placeholders (their words), and bare upper-case ones such as NAME or ISO. */
const PLACEHOLDER = /<([^>]+)>|\b[A-Z]+\b/g

function placeholder(ctx: Pick<CliContext, 't'>, word: string): string {
  const key = `cli.placeholder.${word}`
  return isMessageKey(key) ? ctx.t(key) : word
}

/** A usage line with its placeholders in the reader's language; options and names unchanged. */
export function localUsage(ctx: Pick<CliContext, 't'>, usage: string): string {
  return usage.replace(PLACEHOLDER, (match, inside: string | undefined) =>
    inside === undefined
      ? placeholder(ctx, match)
      : `<${inside.replace(/[A-Za-z][A-Za-z-]*/g, (word) => placeholder(ctx, word))}>`
  )
}

/**
 * What an option's value looks like, as the usage line writes it (`--title T` → `T`,
 * `--official "NAME|POSITION|UNIT"`); '' for a switch.
 */
function valueOf(command: Command, option: string): string {
  if (command.options[option]?.type !== 'string') return ''
  const escaped = option.replace(/[-]/g, '\\-')
  const found = new RegExp(`--${escaped} ("[^"]*"|[^\\s\\][|]+)`).exec(command.usage)
  return found?.[1] ?? 'T'
}

/** The option's line of help: `cli.option.<command>.<option>` if the command words it its own way. */
export function optionDescription(ctx: Pick<CliContext, 't'>, command: string, option: string) {
  const own = `cli.option.${command}.${option}`
  return ctx.t(isMessageKey(own) ? own : (`cli.option.${option}` as MessageKey))
}

/** The whole `--help` of one command. */
export function commandHelp(ctx: Pick<CliContext, 't'>, command: Command): string {
  const rows = Object.keys(command.options).map((option) => {
    const value = valueOf(command, option)
    return {
      left: `--${option}${value === '' ? '' : ` ${localUsage(ctx, value)}`}`,
      right: optionDescription(ctx, command.name, option)
    }
  })
  const width = Math.max(0, ...rows.map((row) => row.left.length)) + 2
  const lines = [localUsage(ctx, command.usage), ctx.t(`cli.summary.${command.name}` as MessageKey)]
  if (rows.length > 0)
    lines.push(
      '',
      ctx.t('cli.help.options'),
      ...rows.map((row) => `  ${row.left.padEnd(width)}${row.right}`)
    )
  // The types `--type` takes are part of the syntax; a list elsewhere would be looked for here.
  if ('type' in command.options)
    lines.push('', ctx.t('cli.help.incidentTypes', { types: incidentTypeList(ctx) }))
  lines.push('', ctx.t('cli.help.common'))
  return `${lines.join('\n')}\n`
}
