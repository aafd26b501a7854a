import type { MessageKey, MessageParams } from '../i18n/translate'
import type { Official, PersonPresent } from './Entry'
import type { FieldValue } from './EntryField'

// A field value as plain lines in the reader's language: what the CLI prints and the report
// and the app fall back to for shapes they do not lay out themselves.

export type Translate = (key: MessageKey, params?: MessageParams) => string

/** A message value in the reader's language, its named parameters translated too. */
export function translateMessage(
  t: Translate,
  value: Extract<FieldValue, { shape: 'message' }>
): string {
  const named = Object.fromEntries(
    Object.entries(value.named ?? {}).map(([name, named]) => [
      name,
      typeof named === 'string' ? t(named) : t(named[0], named[1])
    ])
  )
  return t(value.key, { ...value.params, ...named })
}

export function officialText(o: Official): string {
  return [o.name, o.position, o.unit].filter((part) => part !== undefined && part !== '').join(', ')
}

export function personText(p: PersonPresent): string {
  if (p.name !== undefined && p.role !== undefined && p.role !== '') return `${p.name} (${p.role})`
  return p.name ?? p.role ?? ''
}

/** A value as one or more plain lines (lists one item per line), in the reader's language. */
export function fieldLines(t: Translate, value: FieldValue): string[] {
  switch (value.shape) {
    case 'text':
    case 'prose':
    case 'code':
    case 'time':
      return [value.value]
    case 'number':
      return [String(value.value)]
    case 'list':
      return [...value.value]
    case 'enum':
      return [t(value.label)]
    case 'officials':
      return value.value.map(officialText)
    case 'people':
      return value.value.map(personText)
    case 'ref':
      return [`#${value.value.seq} ${value.value.id}`]
    case 'seqs':
      return [value.value.map((seq) => `#${seq}`).join(', ')]
    case 'refs':
      return [value.value.map((ref) => t('entry.number', { seq: ref.seq })).join(', ')]
    case 'message':
      return [translateMessage(t, value)]
    case 'headers':
      return value.value.map((h) => `${h.name}: ${h.value}`)
    case 'tls': {
      const tls = value.value
      const leaf = tls.certificates[0]
      return [
        [tls.protocol, tls.cipher, tls.keyExchange].filter((x) => x !== undefined).join(', '),
        ...(leaf === undefined
          ? []
          : [
              `${t('report.capture.subject')}: ${leaf.subject}`,
              `${t('report.capture.issuer')}: ${leaf.issuer}`,
              `${t('report.capture.validity')}: ${t('report.capture.validityValue', {
                from: leaf.notBefore,
                to: leaf.notAfter
              })}`,
              `SHA-256: ${leaf.sha256}`
            ])
      ].filter((line) => line !== '')
    }
    case 'json':
      return [JSON.stringify(value.value)]
  }
}
