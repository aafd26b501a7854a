import type { Locale, MessageKey, MessageParams } from '../common/i18n/translate'
import { translate } from '../common/i18n/translate'
import type { VaultService } from '../node/services/VaultService'

/** Standard input: a pipe, or a terminal that can be put in raw mode for a hidden prompt. */
export type CliInput = NodeJS.ReadableStream & {
  isTTY?: boolean
  isRaw?: boolean
  setRawMode?: (mode: boolean) => unknown
}

/** What every command receives: its arguments, the service, and where to write. */
export interface CliContext {
  locale: Locale
  service: VaultService
  env: NodeJS.ProcessEnv
  stdin: CliInput
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown; isTTY?: boolean }
  /** translated text */
  t(key: MessageKey, params?: MessageParams): string
}

export function makeT(locale: Locale): CliContext['t'] {
  return (key, params) => translate(locale, key, params)
}

/** Exit codes of DESIGN's CLI contract. */
export const ExitCode = {
  ok: 0,
  verificationFailed: 1,
  usage: 2,
  wrongPassphrase: 3,
  error: 4
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** A mistake in how the command was called: exit 2 with a translated line. */
export class UsageError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly params: MessageParams = {}
  ) {
    super(key)
    this.name = 'UsageError'
  }
}
