import { UsageError } from './CliContext'

/**
 * Node's parseArgs error as a translated usage error. Its messages are English sentences
 * ("Option '--title <value>' argument missing"), so the option is read out of them and the
 * sentence said in the reader's language; an error Node adds later keeps its own text.
 */
export function argumentError(error: unknown): UsageError {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown }).code
  const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? ''
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== '')
    return new UsageError('cli.args.unknownOption', { option })
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== '')
    return /does not take an argument/.test(message)
      ? new UsageError('cli.args.noValue', { option })
      : new UsageError('cli.args.missingValue', { option })
  return new UsageError('cli.badArguments', { detail: message })
}
