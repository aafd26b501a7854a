import type { EntryView } from '../common/contract/VaultApi'
import type { MessageKey } from '../common/i18n/translate'
import { unreachable } from '../common/errors/unreachable'
import type { CliContext } from './CliContext'
import { escapeTerminal } from './escapeTerminal'

/** An entry as text for a person at a terminal: every field, every hash. */
export function formatEntry(ctx: CliContext, view: EntryView): string {
  const lines: string[] = []
  const field = (key: MessageKey, value: string | readonly string[] | undefined) => {
    if (value === undefined || value.length === 0) return
    // One field, one line: a newline in a value must not be able to forge the next field.
    const text = typeof value === 'string' ? value : value.join('; ')
    lines.push(`${ctx.t(key)}: ${escapeTerminal(text, 'escape')}`)
  }
  lines.push(`#${view.seq}  ${ctx.t(`kind.${view.kind}` as MessageKey)}  ${view.id}`)
  field('field.recordedAt', view.recordedAt)
  const entry = view.entry
  if (entry === null) {
    lines.push(ctx.t('cli.show.withdrawn', { seq: view.withdrawnBy ?? '?' }))
  } else {
    field('field.title', entry.title)
    field('field.occurredAt', entry.occurredAt)
    field('field.author', entry.author)
    switch (entry.kind) {
      case 'note':
        field('field.tags', entry.payload.tags)
        if (entry.payload.body !== undefined) lines.push('', entry.payload.body)
        break
      case 'incident': {
        const p = entry.payload
        field('field.incidentType', ctx.t(`incident.${p.type}` as MessageKey))
        field('field.place', p.place)
        field('field.peopleInvolved', p.peopleInvolved)
        field(
          'field.officials',
          p.officials?.map((o) => [o.name, o.position, o.unit].filter(Boolean).join(', '))
        )
        field('field.legalBasisShown', p.legalBasisShown)
        field('field.itemsSeized', p.itemsSeized)
        field('field.lawyersAdmitted', p.lawyersAdmitted)
        field('field.lawyersRefused', p.lawyersRefused)
        field('field.witnesses', p.witnesses)
        field('field.tags', p.tags)
        if (p.body !== undefined) lines.push('', p.body)
        break
      }
      case 'file':
        if (entry.payload.body !== undefined) lines.push('', entry.payload.body)
        break
      case 'amendment':
      case 'withdrawal':
        field('field.target', `#${entry.payload.target.seq} ${entry.payload.target.id}`)
        field('field.reason', entry.payload.reason)
        if (entry.kind === 'amendment') {
          const c = entry.payload.changes
          field('field.title', c.title)
          field('field.occurredAt', c.occurredAt)
          field('field.place', c.place)
          if (c.body !== undefined) lines.push('', c.body)
        }
        break
      case 'custody':
        field('field.action', entry.payload.action)
        field('field.recipient', entry.payload.recipient)
        field('field.purpose', entry.payload.purpose)
        field('field.sha256', entry.payload.sha256)
        break
      case 'web-capture':
      case 'anchor':
        lines.push('', JSON.stringify(entry.payload, null, 2))
        break
      default:
        throw unreachable(entry)
    }
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
  lines.push(
    '',
    `${ctx.t('field.commitment')}: ${view.link.commitment}`,
    `${ctx.t('field.chain')}: ${view.link.chain}`,
    `${ctx.t('field.signature')}: ${view.link.signature}`
  )
  return `${lines.join('\n')}\n`
}
