import { parseArgs } from 'node:util'
import { argumentError } from './argumentError'
import { incidentTypeList } from './incidentTypeList'
import { commandHelp, localUsage } from './commandHelp'
import { namedWords } from './namedWords'
import { ENTRY_KINDS } from '../common/entry/Entry'
import type { Clock } from '../common/crypto/EvidenceCrypto'
import { DalelError } from '../common/errors/DalelError'
import type { MessageKey, MessageParams } from '../common/i18n/translate'
import { pickLocale } from '../common/i18n/translate'
import { VaultService } from '../node/services/VaultService'
import type { CliContext } from './CliContext'
import { ExitCode, UsageError, makeT } from './CliContext'
import type { Command } from './Command'
import {
  amendCommand,
  attachCommand,
  incidentCommand,
  noteCommand,
  withdrawCommand
} from './commands/entryCommands'
import { backupCommand, restoreCommand, verifyBackupCommand } from './commands/backupCommands'
import { captureCommand, recheckCommand } from './commands/captureCommands'
import { probeCommand } from './commands/probeCommand'
import { exportCommand, verifyBundleCommand } from './commands/bundleCommands'
import { initCommand } from './commands/initCommand'
import { passwdCommand } from './commands/passwdCommand'
import { fingerprintCommand } from './commands/fingerprintCommand'
import { listCommand, searchCommand, showCommand } from './commands/readCommands'
import { verifyCommand } from './commands/verifyCommand'
import { timestampCommand, timestampingCommand } from './commands/timestampCommands'
import { StdinLines } from './readSecret'
import { checkArguments, refuseReplacementCharacters } from './checkArguments'
import { terminalWriter } from './terminalWriter'

declare const __DALEL_VERSION__: string | undefined

export const COMMANDS: readonly Command[] = [
  initCommand,
  noteCommand,
  incidentCommand,
  attachCommand,
  captureCommand,
  recheckCommand,
  probeCommand,
  listCommand,
  showCommand,
  searchCommand,
  amendCommand,
  withdrawCommand,
  verifyCommand,
  fingerprintCommand,
  passwdCommand,
  backupCommand,
  restoreCommand,
  verifyBackupCommand,
  exportCommand,
  verifyBundleCommand,
  timestampCommand,
  timestampingCommand
]

const GLOBAL_OPTIONS = {
  'passphrase-stdin': { type: 'boolean' },
  debug: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

export interface CliIo {
  argv: readonly string[]
  env: NodeJS.ProcessEnv
  stdin: CliContext['stdin']
  stdout: CliContext['stdout']
  stderr: CliContext['stderr']
  clock?: Clock
}

function helpText(ctx: CliContext): string {
  // Each command's syntax, and under it one line saying what it is for: a usage line alone
  // does not tell a journalist that `probe` measures a blocking or `timestamp` fixes a time.
  const lines = [
    ctx.t('cli.help.intro'),
    '',
    ...COMMANDS.flatMap((c) => [
      `  ${localUsage(ctx, c.usage)}`,
      `      ${ctx.t(`cli.summary.${c.name}` as MessageKey)}`
    ]),
    '',
    ctx.t('cli.help.more'),
    ctx.t('cli.help.common'),
    ctx.t('cli.help.exitCodes')
  ]
  return `${lines.join('\n')}\n`
}

/** A usage error's lists and syntax, said in the reader's language (namedWords, localUsage). */
function localParams(ctx: CliContext, error: UsageError): MessageParams {
  switch (error.key) {
    case 'cli.badIncidentType':
      return { ...error.params, types: incidentTypeList(ctx) }
    case 'cli.badKind':
      return { ...error.params, kinds: namedWords(ctx, ENTRY_KINDS, 'kind.') }
    case 'cli.badPositionals':
      return { ...error.params, usage: localUsage(ctx, String(error.params.usage)) }
    case 'cli.tooManyParts':
      return { ...error.params, form: localUsage(ctx, String(error.params.form)) }
    default:
      return error.params
  }
}

function exitCodeFor(error: DalelError): ExitCode {
  switch (error.code) {
    case 'wrong-passphrase':
      return ExitCode.wrongPassphrase
    case 'invalid-input':
      return ExitCode.usage
    default:
      return ExitCode.error
  }
}

/** Runs one command line and returns its exit code; never throws. */
export async function runCli(io: CliIo): Promise<ExitCode> {
  // The language is needed before the arguments are parsed, to translate parse errors too.
  const langIndex = io.argv.indexOf('--lang')
  const langArg =
    io.argv.find((a) => a.startsWith('--lang='))?.slice(7) ??
    (langIndex >= 0 ? io.argv[langIndex + 1] : undefined)
  const locale = pickLocale(
    langArg ?? io.env.DALEL_LANG ?? io.env.LC_ALL ?? io.env.LC_MESSAGES ?? io.env.LANG
  )
  const clock = io.clock ?? { now: () => new Date() }
  const ctx: CliContext = {
    locale,
    service: new VaultService({ clock }),
    env: io.env,
    stdin: io.stdin,
    stdout: terminalWriter(io.stdout),
    stderr: terminalWriter(io.stderr),
    t: makeT(locale)
  }
  const debug = io.argv.includes('--debug')
  const [name, ...rest] = io.argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(helpText(ctx))
    return name === undefined ? ExitCode.usage : ExitCode.ok
  }
  if (name === '--version') {
    ctx.stdout.write(`dalel ${typeof __DALEL_VERSION__ === 'string' ? __DALEL_VERSION__ : 'dev'}\n`)
    return ExitCode.ok
  }
  const command = COMMANDS.find((c) => c.name === name)
  try {
    if (command === undefined) throw new UsageError('cli.unknownCommand', { name })
    refuseReplacementCharacters(rest)
    let parsed
    try {
      parsed = parseArgs({
        args: [...rest],
        options: { ...GLOBAL_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true
      })
    } catch (error) {
      throw argumentError(error)
    }
    if (parsed.values.help === true) {
      ctx.stdout.write(commandHelp(ctx, command))
      return ExitCode.ok
    }
    checkArguments(ctx, parsed.values, clock)
    const { positionals } = parsed
    if (
      positionals.length < command.positionals.min ||
      positionals.length > command.positionals.max
    ) {
      throw new UsageError('cli.badPositionals', { usage: command.usage })
    }
    return await command.run(ctx, {
      values: parsed.values,
      positionals,
      secrets: {
        passphraseStdin: parsed.values['passphrase-stdin'] === true,
        lines: new StdinLines(io.stdin)
      }
    })
  } catch (error) {
    await ctx.service.lock().catch(() => undefined)
    if (error instanceof UsageError) {
      ctx.stderr.write(`dalel: ${ctx.t(error.key, localParams(ctx, error))}\n`)
      if (error.key === 'cli.badPositionals' || error.key === 'cli.unknownCommand')
        ctx.stderr.write(`${ctx.t('cli.seeHelp')}\n`)
      return ExitCode.usage
    }
    if (error instanceof DalelError) {
      ctx.stderr.write(`dalel: ${ctx.t(`error.${error.code}` as MessageKey, error.params)}\n`)
      if (debug) ctx.stderr.write(`${error.stack ?? ''}\n`)
      return exitCodeFor(error)
    }
    ctx.stderr.write(
      `dalel: ${ctx.t('error.unexpected', { detail: error instanceof Error ? error.message : String(error) })}\n`
    )
    if (debug && error instanceof Error) ctx.stderr.write(`${error.stack ?? ''}\n`)
    return ExitCode.error
  }
}
