import type { ParseArgsConfig } from 'node:util'
import type { CliContext, ExitCode } from './CliContext'
import type { SecretSources } from './readSecret'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>

export interface CommandInput {
  values: OptionValues
  positionals: string[]
  secrets: SecretSources
}

/** One `dalel <name>` command: its options, how many positionals it needs, and what it does. */
export interface Command {
  name: string
  /** the syntax line shown in help and usage errors */
  usage: string
  options: OptionSpec
  positionals: { min: number; max: number }
  run(ctx: CliContext, input: CommandInput): Promise<ExitCode>
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

export function listOption(values: OptionValues, name: string): string[] {
  const value = values[name]
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' ? [value] : []
}
