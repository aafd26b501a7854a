import { createInterface } from 'node:readline/promises'
import { MIN_PASSPHRASE_LENGTH, passphraseStrength } from '../common/passphrase/passphraseStrength'
import type { CliContext } from './CliContext'
import { UsageError } from './CliContext'

/**
 * Reads lines from standard input once and hands them out in order, so `--passphrase-stdin`
 * can carry the current and the new passphrase on two lines.
 */
export class StdinLines {
  private lines: Promise<string[]> | undefined
  private next = 0

  constructor(private readonly stdin: NodeJS.ReadableStream) {}

  async take(): Promise<string | undefined> {
    this.lines ??= (async () => {
      const out: string[] = []
      const rl = createInterface({ input: this.stdin, crlfDelay: Infinity, terminal: false })
      for await (const line of rl) out.push(line)
      return out
    })()
    const lines = await this.lines
    return lines[this.next++]
  }
}

/** Asks on the terminal for one visible line (a name), or undefined when there is no terminal. */
export async function promptLine(ctx: CliContext, question: string): Promise<string | undefined> {
  if (ctx.stdin.isTTY !== true) return undefined
  ctx.stderr.write(question)
  // No output stream: the terminal echoes the line itself (it is not in raw mode here).
  const rl = createInterface({ input: ctx.stdin, terminal: false })
  try {
    for await (const line of rl) return line.trim()
    return undefined
  } finally {
    rl.close()
  }
}

/** Asks on the terminal without echoing what is typed. */
async function promptHidden(ctx: CliContext, question: string): Promise<string> {
  const input = ctx.stdin
  const stderr = ctx.stderr
  stderr.write(question)
  return new Promise((resolve, reject) => {
    let typed = ''
    const wasRaw = input.isRaw === true
    input.setRawMode?.(true)
    input.resume()
    input.setEncoding('utf8')
    const done = (error?: Error) => {
      input.setRawMode?.(wasRaw)
      input.pause()
      input.removeListener('data', onData)
      stderr.write('\n')
      if (error) reject(error)
      else resolve(typed)
    }
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done()
          return
        }
        if (char === '\u0003') {
          done(new UsageError('cli.cancelled'))
          return
        }
        if (char === '\u007f' || char === '\b') typed = typed.replace(/.$/u, '')
        else typed += char
      }
    }
    input.on('data', onData)
  })
}

/**
 * Reads a secret from the environment and removes it from this process's environment, so no
 * process started later (the capture browser, the PDF printer) inherits it. (The kernel's
 * copy in /proc/<pid>/environ of this process stays as it was at start; children are what
 * this protects.)
 */
export function takeEnvSecret(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]
  Reflect.deleteProperty(env, name)
  return value
}

export interface SecretSources {
  passphraseStdin: boolean
  lines: StdinLines
}

/**
 * The passphrase (or recovery code) to unlock with: DALEL_PASSPHRASE, then one line of
 * standard input with --passphrase-stdin, then a hidden prompt on a terminal.
 */
export async function readUnlockSecret(ctx: CliContext, sources: SecretSources): Promise<string> {
  const fromEnv = takeEnvSecret(ctx.env, 'DALEL_PASSPHRASE')
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  if (sources.passphraseStdin) {
    const line = await sources.lines.take()
    if (line === undefined || line === '') throw new UsageError('cli.noPassphrase')
    return line
  }
  if (ctx.stdin.isTTY === true) return promptHidden(ctx, ctx.t('cli.promptPassphrase'))
  throw new UsageError('cli.noPassphrase')
}

/**
 * A new passphrase (init, passwd): DALEL_NEW_PASSPHRASE (or DALEL_PASSPHRASE for init), the
 * next line of standard input, or a prompt asked twice.
 */
export async function readNewPassphrase(
  ctx: CliContext,
  sources: SecretSources,
  envName: string
): Promise<string> {
  const passphrase = await readNewPassphraseText(ctx, sources, envName)
  // The app's rule (common/passphrase), said the same way: a warning, since the person may
  // have reasons (a passphrase kept elsewhere, a test vault), and Argon2id slows guessing.
  const strength = passphraseStrength(passphrase)
  if (strength === 'too-short' || strength === 'weak')
    ctx.stderr.write(
      `${ctx.t('cli.warning')}: ${ctx.t('cli.weakPassphrase', { min: MIN_PASSPHRASE_LENGTH })}\n`
    )
  return passphrase
}

async function readNewPassphraseText(
  ctx: CliContext,
  sources: SecretSources,
  envName: string
): Promise<string> {
  const fromEnv = takeEnvSecret(ctx.env, envName)
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  if (sources.passphraseStdin) {
    const line = await sources.lines.take()
    if (line === undefined || line === '') throw new UsageError('cli.noPassphrase')
    return line
  }
  if (ctx.stdin.isTTY !== true) throw new UsageError('cli.noPassphrase')
  const first = await promptHidden(ctx, ctx.t('cli.promptNewPassphrase'))
  const second = await promptHidden(ctx, ctx.t('cli.promptRepeatPassphrase'))
  if (first !== second) throw new UsageError('cli.passphrasesDiffer')
  if (first === '') throw new UsageError('cli.noPassphrase')
  return first
}
