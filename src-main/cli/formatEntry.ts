import type { EntryView } from '../common/contract/VaultApi'
import type { MessageKey, MessageParams } from '../common/i18n/translate'
import { amendedMark } from '../common/entry/amendedMark'
import { titleOf } from '../common/entry/entryTitle'
import { COMMON_FIELDS } from '../common/entry/fields/commonFields'
import { fieldLines } from '../common/entry/fieldLines'
import { shownFields } from '../common/entry/shownFields'
import type { FieldShape } from '../common/entry/EntryField'
import type { CliContext } from './CliContext'
import { escapeTerminal } from './escapeTerminal'

/** Shapes whose items fit on the label's line, separated by semicolons. */
const INLINE_LISTS = new Set<FieldShape>(['list', 'officials', 'people'])

/**
 * An entry as text for a person at a terminal: every field, every hash, and the fingerprint
 * of the key its signature was made with (the one `dalel fingerprint` prints), when given.
 */
export function formatEntry(ctx: CliContext, view: EntryView, fingerprint?: string): string {
  const lines: string[] = []
  const amended = view.amended
  /** "as amended by #3 (reason)" for a corrected field, '' for any other */
  const markText = (key: string) => {
    const by = amended?.correctedBy[key]
    return by === undefined
      ? ''
      : escapeTerminal(amendedMark(ctx.t.bind(ctx), by.seq, by.reason), 'escape')
  }
  const mark = (key: string) => (markText(key) === '' ? '' : ` — ${markText(key)}`)
  const field = (key: MessageKey, value: string | readonly string[] | undefined, from = '') => {
    if (value === undefined || value.length === 0) return
    // One field, one line: a newline in a value must not be able to forge the next field.
    const text = typeof value === 'string' ? value : value.join('; ')
    lines.push(`${ctx.t(key)}: ${escapeTerminal(text, 'escape')}${mark(from)}`)
  }
  lines.push(`#${view.seq}  ${ctx.t(`kind.${view.kind}` as MessageKey)}  ${view.id}`)
  field('field.recordedAt', view.recordedAt)
  const entry = view.entry
  if (entry === null) {
    lines.push(ctx.t('cli.show.withdrawn', { seq: view.withdrawnBy ?? '?' }))
  } else {
    const t = (key: MessageKey, params?: MessageParams) => ctx.t(key, params)
    for (const common of COMMON_FIELDS)
      field(
        common.label,
        common.key === 'title' ? titleOf(entry, t) : entry[common.key],
        common.key
      )
    const blocks: string[] = []
    for (const shown of shownFields(entry)) {
      const text = fieldLines((key, params) => ctx.t(key, params), shown.value)
      const label = shown.label === null ? shown.key : ctx.t(shown.label)
      if (shown.block) {
        blocks.push('', ...(markText(shown.key) === '' ? [] : [markText(shown.key)]))
        blocks.push(...text.map((line) => escapeTerminal(line, 'keep')))
      } else if (text.length <= 1 || INLINE_LISTS.has(shown.value.shape))
        lines.push(`${label}: ${escapeTerminal(text.join('; '), 'escape')}${mark(shown.key)}`)
      else
        lines.push(
          `${label}:${mark(shown.key)}`,
          ...text.map((line) => `  ${escapeTerminal(line, 'escape')}`)
        )
    }
    lines.push(...blocks)
    if (entry.attachments.length > 0) {
      lines.push('', `${ctx.t('field.attachments')}:`)
      entry.attachments.forEach((a, i) => {
        const dims =
          a.width !== undefined && a.height !== undefined ? `  ${a.width}×${a.height}` : ''
        lines.push(
          `  ${i + 1}. ${a.name}  ${a.mediaType}  ${ctx.t('cli.bytes', { count: a.size })}${dims}`
        )
        lines.push(`     SHA-256 ${a.sha256}`)
      })
    }
  }
  for (const ref of view.referencedBy) {
    lines.push(
      ctx.t(ref.kind === 'withdrawal' ? 'cli.show.withdrawnBy' : 'cli.show.amendedBy', {
        seq: ref.seq,
        id: ref.id
      })
    )
  }
  if (view.linkedFrom.length > 0)
    lines.push(
      `${ctx.t('field.linkedFrom')}: ${view.linkedFrom
        .map((ref) => ctx.t('entry.number', { seq: ref.seq }))
        .join(', ')}`
    )
  lines.push(
    '',
    `${ctx.t('field.commitment')}: ${view.link.commitment}`,
    `${ctx.t('field.chain')}: ${view.link.chain}`,
    `${ctx.t('field.signature')}: ${view.link.signature}`
  )
  if (fingerprint !== undefined) lines.push(ctx.t('cli.keyFingerprint', { fingerprint }))
  return `${lines.join('\n')}\n`
}
