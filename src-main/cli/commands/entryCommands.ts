import { readFile } from 'node:fs/promises'
import type { EntryView } from '../../common/contract/VaultApi'
import { INCIDENT_TYPES } from '../../common/entry/Entry'
import type { AmendmentChanges, IncidentPayload, IncidentType } from '../../common/entry/Entry'
import { ENTRY_FIELDS, allAmendableFields } from '../../common/entry/entryFields'
import { ENTRY_LIMITS } from '../../common/entry/entryLimits'
import { withoutUndefined } from '../../common/util/withoutUndefined'
import { fsError } from '../../node/fs/fsError'
import { hashAttachmentsAhead } from '../../node/services/addAttachment'
import type { CliContext } from '../CliContext'
import { ExitCode, UsageError } from '../CliContext'
import type { Command, OptionValues } from '../Command'
import { listOption, stringOption } from '../Command'
import { unlockVault } from '../unlockVault'
import { fieldOptionSpec, fieldOptionUsage, readFieldOptions } from '../fieldOptions'

const multi = { type: 'string', multiple: true } as const
const single = { type: 'string' } as const

/** --body B or --body-file F (UTF-8), not both. */
async function readBody(values: OptionValues): Promise<string | undefined> {
  const body = stringOption(values, 'body')
  const file = stringOption(values, 'body-file')
  if (body !== undefined && file !== undefined) throw new UsageError('cli.bodyTwice')
  if (file === undefined) return body
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    throw fsError(error, file)
  }
  // Read as text, bytes that are not UTF-8 would silently become U+FFFD in the entry; a body
  // is text, and any other file belongs in an attachment, which keeps its bytes exactly.
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new UsageError('cli.bodyNotUtf8', { path: file })
  }
  if (text.length > ENTRY_LIMITS.textChars)
    throw new UsageError('cli.tooLong', {
      option: '--body-file',
      length: text.length,
      max: ENTRY_LIMITS.textChars
    })
  return text
}

function requireOption(values: OptionValues, name: string): string {
  const value = stringOption(values, name)
  if (value === undefined || value.trim() === '')
    throw new UsageError('cli.missingOption', { option: `--${name}` })
  return value
}

/** Runs one entry-creating call inside an unlock, prints the new id, and locks. */
async function recordEntry(
  ctx: CliContext,
  path: string,
  secrets: Parameters<typeof unlockVault>[2],
  create: () => Promise<EntryView>
): Promise<ExitCode> {
  await unlockVault(ctx, path, secrets)
  try {
    const view = await create()
    ctx.stdout.write(`${view.id}\n`)
  } finally {
    await ctx.service.lock()
  }
  return ExitCode.ok
}

export const noteCommand: Command = {
  name: 'note',
  usage:
    'dalel note <vault> --title T [--body B | --body-file F] [--occurred ISO] [--tag X]… [--about ID]…',
  options: {
    title: single,
    body: single,
    'body-file': single,
    occurred: single,
    tag: multi,
    about: multi
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals, secrets }) {
    const title = requireOption(values, 'title')
    const body = await readBody(values)
    return recordEntry(ctx, positionals[0] ?? '', secrets, () =>
      ctx.service.addNote(
        withoutUndefined({
          title,
          body,
          occurredAt: stringOption(values, 'occurred'),
          tags: listOption(values, 'tag'),
          about: listOption(values, 'about')
        })
      )
    )
  }
}

/** The incident fields set by their own options; the body also comes from --body-file. */
const INCIDENT_OPTION_FIELDS = ENTRY_FIELDS.incident.filter(
  (field) => field.key !== 'body' && field.key !== 'type'
)

export const incidentCommand: Command = {
  name: 'incident',
  usage:
    'dalel incident <vault> --type TYPE --title T [--body B | --body-file F] [--occurred ISO] ' +
    `${fieldOptionUsage(INCIDENT_OPTION_FIELDS)} [--about ID]…`,
  options: {
    about: multi,
    type: single,
    title: single,
    body: single,
    'body-file': single,
    occurred: single,
    ...fieldOptionSpec(INCIDENT_OPTION_FIELDS)
  },
  positionals: { min: 1, max: 1 },
  async run(ctx, { values, positionals, secrets }) {
    const type = requireOption(values, 'type')
    if (!(INCIDENT_TYPES as readonly string[]).includes(type)) {
      throw new UsageError('cli.badIncidentType', { type, types: INCIDENT_TYPES.join(', ') })
    }
    const title = requireOption(values, 'title')
    const body = await readBody(values)
    const fields = readFieldOptions(values, INCIDENT_OPTION_FIELDS) as Partial<
      Omit<IncidentPayload, 'about'>
    >
    return recordEntry(ctx, positionals[0] ?? '', secrets, () =>
      ctx.service.addIncident(
        withoutUndefined({
          ...fields,
          title,
          type: type as IncidentType,
          body,
          occurredAt: stringOption(values, 'occurred'),
          about: listOption(values, 'about')
        })
      )
    )
  }
}

export const attachCommand: Command = {
  name: 'attach',
  usage:
    'dalel attach <vault> <file>… [--title T] [--body B | --body-file F] [--occurred ISO] [--about ID]…',
  options: { title: single, body: single, 'body-file': single, occurred: single, about: multi },
  positionals: { min: 2, max: Infinity },
  async run(ctx, { values, positionals, secrets }) {
    const [path = '', ...files] = positionals
    const body = await readBody(values)
    // Hashing needs no key: the files are hashed while the passphrase is read and Argon2id
    // derives the key on its own thread, so only sealing is left once the vault is open
    // (a 1 GiB file's SHA-256 is about as long as Argon2id). Sealing checks each file is
    // still what was hashed. An unlock that fails stops the hashing.
    const stop = new AbortController()
    const digests = hashAttachmentsAhead(files, stop.signal)
    // Awaited after the unlock; until then a failure (a missing file) must not end the
    // process as unhandled, and shows in the order it did before: after the passphrase.
    digests.catch(() => undefined)
    try {
      return await recordEntry(ctx, path, secrets, async () =>
        ctx.service.addAttachment(
          withoutUndefined({
            files: files.map((file) => ({ path: file })),
            title: stringOption(values, 'title'),
            body,
            occurredAt: stringOption(values, 'occurred'),
            about: listOption(values, 'about')
          }),
          undefined,
          await digests
        )
      )
    } finally {
      stop.abort()
      await digests.catch(() => undefined)
    }
  }
}

/** What `amend` can correct: every amendable field of any kind; the body also from a file. */
const AMEND_OPTION_FIELDS = allAmendableFields().filter((field) => field.key !== 'body')

export const amendCommand: Command = {
  name: 'amend',
  usage:
    'dalel amend <vault> <id> --reason R [--body B | --body-file F] ' +
    fieldOptionUsage(AMEND_OPTION_FIELDS),
  options: {
    reason: single,
    body: single,
    'body-file': single,
    ...fieldOptionSpec(AMEND_OPTION_FIELDS)
  },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals, secrets }) {
    const reason = requireOption(values, 'reason')
    const body = await readBody(values)
    const changes = withoutUndefined({
      ...(readFieldOptions(values, AMEND_OPTION_FIELDS) as AmendmentChanges),
      body
    })
    return recordEntry(ctx, positionals[0] ?? '', secrets, () =>
      ctx.service.amend({ target: positionals[1] ?? '', reason, changes })
    )
  }
}

export const withdrawCommand: Command = {
  name: 'withdraw',
  usage: 'dalel withdraw <vault> <id> --reason R',
  options: { reason: single },
  positionals: { min: 2, max: 2 },
  async run(ctx, { values, positionals, secrets }) {
    const reason = requireOption(values, 'reason')
    return recordEntry(ctx, positionals[0] ?? '', secrets, () =>
      ctx.service.withdraw({ target: positionals[1] ?? '', reason })
    )
  }
}
