import { entryStatus } from '../../common/availability/entryStatus'
import type { EntryView } from '../../common/contract/VaultApi'
import { ENTRY_KINDS } from '../../common/entry/Entry'
import type { EntryKind } from '../../common/entry/Entry'
import { titleOf } from '../../common/entry/entryTitle'
import type { MessageKey } from '../../common/i18n/translate'
import type { CliContext } from '../CliContext'
import { ExitCode, UsageError } from '../CliContext'
import type { Command } from '../Command'
import { listOption, stringOption } from '../Command'
import { unlockVault } from '../unlockVault'
import { formatEntry } from '../formatEntry'
import { escapeTerminal } from '../escapeTerminal'
import { vaultFingerprint } from '../../node/services/vaultFingerprint'

const json = { type: 'boolean' } as const

function kindLabel(ctx: CliContext, kind: EntryKind): string {
  return ctx.t(`kind.${kind}` as MessageKey)
}

/** The outcome column: what a capture or recheck found, translated; empty for other entries. */
function statusLabel(ctx: CliContext, view: EntryView): string {
  const found = entryStatus(view.entry)
  if (found === null) return ''
  return ctx.t(`status.${found.status}` as MessageKey, { seq: found.seq ?? '' })
}

function printTable(ctx: CliContext, views: readonly EntryView[]): void {
  if (views.length === 0) {
    ctx.stderr.write(`${ctx.t('cli.list.empty')}\n`)
    return
  }
  for (const view of views) {
    const title =
      view.entry === null
        ? `[${ctx.t('cli.withdrawn')}]`
        : escapeTerminal(
            titleOf(view.entry, (key, params) => ctx.t(key, params)),
            'escape'
          )
    const when = view.recordedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')
    const status = statusLabel(ctx, view)
    ctx.stdout.write(
      `${String(view.seq).padStart(5)}  ${view.id.slice(0, 13)}  ${when}  ${kindLabel(ctx, view.kind).padEnd(12)}  ${status !== '' ? `[${status}] ` : ''}${title}\n`
    )
  }
}

/** Read-only commands open the vault without the writer's lock, so they run beside the app. */
async function withReadOnlyVault<T>(
  ctx: CliContext,
  path: string,
  input: Parameters<Command['run']>[1],
  read: () => T
): Promise<T> {
  await unlockVault(ctx, path, input.secrets, { readOnly: true })
  try {
    return read()
  } finally {
    await ctx.service.lock()
  }
}

export const listCommand: Command = {
  name: 'list',
  usage: 'dalel list <vault> [--kind K]… [--limit N] [--json]',
  options: { json, kind: { type: 'string', multiple: true }, limit: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx, input) {
    const kinds = listOption(input.values, 'kind')
    for (const kind of kinds) {
      if (!(ENTRY_KINDS as readonly string[]).includes(kind))
        throw new UsageError('cli.badKind', { kind, kinds: ENTRY_KINDS.join(', ') })
    }
    const limitText = stringOption(input.values, 'limit')
    const limit = limitText === undefined ? undefined : Number(limitText)
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1))
      throw new UsageError('cli.badNumber', { option: '--limit' })
    const views = await withReadOnlyVault(ctx, input.positionals[0] ?? '', input, () =>
      ctx.service.list({ kinds: kinds as EntryKind[], ...(limit !== undefined ? { limit } : {}) })
    )
    if (input.values.json === true)
      ctx.stdout.write(`${JSON.stringify({ entries: views }, null, 2)}\n`)
    else printTable(ctx, views)
    return ExitCode.ok
  }
}

export const searchCommand: Command = {
  name: 'search',
  usage: 'dalel search <vault> <query> [--json]',
  options: { json },
  positionals: { min: 2, max: 2 },
  async run(ctx, input) {
    const views = await withReadOnlyVault(ctx, input.positionals[0] ?? '', input, () =>
      ctx.service.search(input.positionals[1] ?? '')
    )
    if (input.values.json === true)
      ctx.stdout.write(
        `${JSON.stringify({ query: input.positionals[1], entries: views }, null, 2)}\n`
      )
    else printTable(ctx, views)
    return ExitCode.ok
  }
}

export const showCommand: Command = {
  name: 'show',
  usage: 'dalel show <vault> <id> [--original] [--json]',
  options: { json, original: { type: 'boolean' } },
  positionals: { min: 2, max: 2 },
  async run(ctx, input) {
    // Amendments are applied unless --original asks for the entry as it was recorded.
    const original = input.values.original === true
    const { view, publicKey } = await withReadOnlyVault(
      ctx,
      input.positionals[0] ?? '',
      input,
      () => ({
        view: ctx.service.getEntry(input.positionals[1] ?? '', { original }),
        publicKey: ctx.service.summary().publicKey
      })
    )
    if (input.values.json === true) {
      ctx.stdout.write(
        `${JSON.stringify({ ...view, attachments: view.entry?.attachments ?? [] }, null, 2)}\n`
      )
    } else {
      if (original && view.referencedBy.some((ref) => ref.kind === 'amendment'))
        ctx.stdout.write(`${ctx.t('cli.show.original')}\n`)
      ctx.stdout.write(formatEntry(ctx, view, vaultFingerprint(publicKey)))
    }
    return ExitCode.ok
  }
}
