import type { MessageKey, MessageParams } from '../i18n/translate'
import type {
  CaptureTls,
  Entry,
  EntryKind,
  EntryPayloads,
  EntryRef,
  HttpHeader,
  Official,
  PersonPresent
} from './Entry'

// The fields of every entry kind, once: which payload key, under which label, in what shape.
// The CLI's `show`, the app's entry screen, the report and `amend` all read this table, so a
// field added to a kind is added here and in the catalogs, and every face shows it.

/** How a value is shaped, which decides how each face lays it out. */
export type FieldShape =
  | 'text'
  | 'prose'
  | 'code'
  | 'time'
  | 'number'
  | 'list'
  | 'enum'
  | 'officials'
  | 'people'
  | 'ref'
  | 'seqs'
  | 'message'
  | 'headers'
  | 'tls'
  | 'json'

/** A value read out of an entry, tagged with its shape. */
export type FieldValue =
  | { shape: 'text' | 'prose' | 'code' | 'time'; value: string }
  | { shape: 'number'; value: number }
  | { shape: 'list'; value: readonly string[] }
  /** a fixed set of values; `label` translates this one, and `value` is the stored word */
  | { shape: 'enum'; value: string; label: MessageKey }
  | { shape: 'officials'; value: readonly Official[] }
  | { shape: 'people'; value: readonly PersonPresent[] }
  | { shape: 'ref'; value: EntryRef }
  | { shape: 'seqs'; value: readonly number[] }
  /**
   * text made of a catalog message, so it is translated wherever it is shown; `named` are
   * parameters whose value is itself a message (a stored word such as "changed")
   */
  | {
      shape: 'message'
      key: MessageKey
      params: MessageParams
      named?: Readonly<Record<string, MessageKey | readonly [MessageKey, MessageParams]>>
    }
  | { shape: 'headers'; value: readonly HttpHeader[] }
  | { shape: 'tls'; value: CaptureTls }
  | { shape: 'json'; value: unknown }

export interface EntryField<K extends EntryKind = EntryKind> {
  /** the payload key this field reads (a derived field names the first key it reads) */
  key: string
  label: MessageKey
  shape: FieldShape
  /** for `enum`: the catalog prefix of the values' names, e.g. `incident.` */
  enumPrefix?: string
  /** the entry's running text, shown below the other fields rather than among them */
  block?: true
  /** the CLI option that sets it (on the creating command and on `amend`) */
  option?: string
  /** an amendment may correct it */
  amendable?: true
  /** the payload keys it shows, when more than `key` (derived fields) */
  covers?: readonly string[]
  /** a derived value; without it the field is `payload[key]` in its shape */
  read?: (payload: EntryPayloads[K]) => FieldValue | undefined
}

type Table = { [K in EntryKind]: readonly EntryField<K>[] }

/** The fields every entry has, outside its payload. */
export const COMMON_FIELDS = [
  { key: 'title', label: 'field.title', shape: 'text', option: 'title', amendable: true },
  {
    key: 'occurredAt',
    label: 'field.occurredAt',
    shape: 'time',
    option: 'occurred',
    amendable: true
  },
  { key: 'author', label: 'field.author', shape: 'text' }
] as const satisfies readonly EntryField[]

const body = (option = 'body') =>
  ({
    key: 'body',
    label: 'field.body',
    shape: 'prose',
    block: true,
    option,
    amendable: true
  }) as const
const tags = {
  key: 'tags',
  label: 'field.tags',
  shape: 'list',
  option: 'tag',
  amendable: true
} as const

const joined = (...parts: (string | number | undefined)[]) =>
  parts.filter((part) => part !== undefined && part !== '').join(' ')

export const ENTRY_FIELDS: Table = {
  note: [body(), tags],
  incident: [
    {
      key: 'type',
      label: 'field.incidentType',
      shape: 'enum',
      enumPrefix: 'incident.',
      option: 'type',
      amendable: true
    },
    {
      key: 'caseNumber',
      label: 'field.caseNumber',
      shape: 'text',
      option: 'case',
      amendable: true
    },
    { key: 'place', label: 'field.place', shape: 'text', option: 'place', amendable: true },
    { key: 'endedAt', label: 'field.endedAt', shape: 'time', option: 'ended', amendable: true },
    {
      key: 'peoplePresent',
      label: 'field.peoplePresent',
      shape: 'people',
      option: 'present',
      amendable: true
    },
    {
      key: 'peopleInvolved',
      label: 'field.peopleInvolved',
      shape: 'list',
      option: 'person',
      amendable: true
    },
    {
      key: 'officials',
      label: 'field.officials',
      shape: 'officials',
      option: 'official',
      amendable: true
    },
    {
      key: 'legalBasisShown',
      label: 'field.legalBasisShown',
      shape: 'prose',
      option: 'legal-basis',
      amendable: true
    },
    {
      key: 'itemsSeized',
      label: 'field.itemsSeized',
      shape: 'list',
      option: 'seized',
      amendable: true
    },
    {
      key: 'lawyersAdmitted',
      label: 'field.lawyersAdmitted',
      shape: 'list',
      option: 'lawyer-admitted',
      amendable: true
    },
    {
      key: 'lawyersRefused',
      label: 'field.lawyersRefused',
      shape: 'list',
      option: 'lawyer-refused',
      amendable: true
    },
    {
      key: 'witnesses',
      label: 'field.witnesses',
      shape: 'list',
      option: 'witness',
      amendable: true
    },
    tags,
    body()
  ],
  file: [body()],
  amendment: [
    { key: 'target', label: 'field.target', shape: 'ref' },
    { key: 'reason', label: 'field.reason', shape: 'prose' },
    // each correction is shown under the label of the field it corrects (see changedFields)
    { key: 'changes', label: 'field.changes', shape: 'json' }
  ],
  withdrawal: [
    { key: 'target', label: 'field.target', shape: 'ref' },
    { key: 'reason', label: 'field.reason', shape: 'prose' }
  ],
  custody: [
    { key: 'action', label: 'field.action', shape: 'enum', enumPrefix: 'report.custody.' },
    { key: 'failure', label: 'field.failure', shape: 'enum', enumPrefix: 'backupFailure.' },
    { key: 'recipient', label: 'field.recipient', shape: 'text' },
    { key: 'purpose', label: 'field.purpose', shape: 'text' },
    { key: 'sha256', label: 'field.sha256', shape: 'code' },
    { key: 'entries', label: 'field.entries', shape: 'seqs' },
    { key: 'body', label: 'field.body', shape: 'prose', block: true }
  ],
  'web-capture': [
    { key: 'requestedUrl', label: 'report.capture.requestedUrl', shape: 'code' },
    { key: 'finalUrl', label: 'report.capture.finalUrl', shape: 'code' },
    {
      key: 'outcome',
      label: 'report.capture.outcome',
      shape: 'enum',
      enumPrefix: 'report.outcome.'
    },
    { key: 'reason', label: 'report.capture.reason', shape: 'text' },
    {
      key: 'redirects',
      label: 'report.capture.redirects',
      shape: 'list',
      read: (p) =>
        p.redirects.length === 0
          ? undefined
          : {
              shape: 'list',
              value: p.redirects.map((r) => `${r.from} → ${r.to} (${joined(r.kind, r.status)})`)
            }
    },
    {
      key: 'status',
      label: 'report.capture.status',
      shape: 'text',
      covers: ['status', 'statusText'],
      read: (p) =>
        p.status === undefined
          ? undefined
          : { shape: 'text', value: joined(p.status, p.statusText) }
    },
    { key: 'httpVersion', label: 'report.capture.httpVersion', shape: 'text' },
    {
      key: 'serverIp',
      label: 'report.capture.server',
      shape: 'code',
      covers: ['serverIp', 'serverPort'],
      read: (p) =>
        p.serverIp === undefined
          ? undefined
          : {
              shape: 'code',
              value: `${p.serverIp.includes(':') ? `[${p.serverIp}]` : p.serverIp}${
                p.serverPort !== undefined ? `:${p.serverPort}` : ''
              }`
            }
    },
    { key: 'title', label: 'report.capture.pageTitle', shape: 'text' },
    { key: 'startedAt', label: 'report.capture.startedAt', shape: 'time' },
    { key: 'endedAt', label: 'report.capture.endedAt', shape: 'time' },
    { key: 'userAgent', label: 'report.capture.userAgent', shape: 'code' },
    {
      key: 'viewport',
      label: 'report.capture.viewport',
      shape: 'message',
      read: (p) => ({
        shape: 'message',
        key: 'report.viewportValue',
        params: {
          width: p.viewport.width,
          height: p.viewport.height,
          scale: p.viewport.deviceScaleFactor
        }
      })
    },
    {
      key: 'page',
      label: 'report.capture.page',
      shape: 'text',
      read: (p) =>
        p.page === undefined
          ? undefined
          : { shape: 'text', value: `${p.page.width}×${p.page.height}` }
    },
    {
      key: 'browser',
      label: 'report.capture.browser',
      shape: 'text',
      read: (p) => ({
        shape: 'text',
        value: joined(
          p.browser.name,
          p.browser.version,
          p.browser.revision,
          p.browser.protocol === undefined ? undefined : `CDP ${p.browser.protocol}`
        )
      })
    },
    {
      key: 'tool',
      label: 'report.capture.tool',
      shape: 'text',
      read: (p) => ({ shape: 'text', value: joined(p.tool.name, p.tool.version) })
    },
    { key: 'operator', label: 'report.capture.operator', shape: 'text' },
    { key: 'requestCount', label: 'report.capture.requestCount', shape: 'number' },
    { key: 'popupsBlocked', label: 'report.capture.popupsBlocked', shape: 'list' },
    { key: 'navigationsBlocked', label: 'report.capture.navigationsBlocked', shape: 'list' },
    { key: 'warnings', label: 'report.capture.warnings', shape: 'list' },
    { key: 'automationSignals', label: 'report.capture.automationSignals', shape: 'list' },
    {
      key: 'changedDuringCapture',
      label: 'report.capture.changedDuringCapture',
      shape: 'list'
    },
    {
      key: 'recheck',
      label: 'report.capture.recheck',
      shape: 'message',
      read: (p) => {
        const r = p.recheck
        if (r === undefined) return undefined
        const changed = (flag: boolean | undefined): MessageKey =>
          flag === undefined
            ? 'report.recheck.notCompared'
            : flag
              ? 'report.recheck.yes'
              : 'report.recheck.no'
        return {
          shape: 'message',
          key: 'report.recheckValue',
          params: { seq: r.of.seq },
          named: {
            outcome: [`status.${r.outcome}`, { seq: r.restoredFrom?.seq ?? '' }],
            previous: `report.outcome.${r.previousOutcome}`,
            text: changed(r.textChanged),
            screenshot: changed(r.screenshotChanged)
          }
        }
      }
    },
    { key: 'tls', label: 'report.capture.tls', shape: 'tls' },
    { key: 'responseHeaders', label: 'report.capture.responseHeaders', shape: 'headers' },
    { key: 'text', label: 'report.capture.text', shape: 'prose', block: true }
  ],
  anchor: [],
  probe: [
    { key: 'url', label: 'report.probe.url', shape: 'code' },
    {
      key: 'outcome',
      label: 'report.probe.outcome',
      shape: 'message',
      covers: ['outcome', 'status'],
      read: (p) => ({
        shape: 'message',
        key: `probeOutcome.${p.outcome}`,
        params: { status: p.status ?? '' }
      })
    },
    { key: 'reason', label: 'report.probe.reason', shape: 'code' },
    { key: 'startedAt', label: 'report.capture.startedAt', shape: 'time' },
    { key: 'endedAt', label: 'report.capture.endedAt', shape: 'time' },
    {
      key: 'dns',
      label: 'report.probe.dns',
      shape: 'code',
      read: (p) => ({
        shape: 'code',
        value: `${p.dns.host} → ${
          p.dns.error ?? p.dns.addresses.map((a) => a.address).join(', ')
        } (${p.dns.ms} ms)`
      })
    },
    {
      key: 'connects',
      label: 'report.probe.connects',
      shape: 'list',
      read: (p) => ({
        shape: 'list',
        value: p.connects.map(
          (c) =>
            `${c.address.includes(':') ? `[${c.address}]` : c.address}:${c.port} ${joined(
              c.result,
              c.error
            )} (${c.ms} ms)`
        )
      })
    },
    {
      key: 'tls',
      label: 'report.probe.tls',
      shape: 'list',
      read: (p) =>
        p.tls === undefined
          ? undefined
          : {
              shape: 'list',
              value: [
                `SNI ${p.tls.serverName ?? '—'}; ${joined(p.tls.protocol, p.tls.cipher)} (${p.tls.ms} ms)`,
                p.tls.authorized ? '✓' : `✗ ${p.tls.error ?? ''}`,
                ...p.tls.certificates.map((c) => `${c.subject} — SHA-256 ${c.sha256}`),
                ...(p.tls.chainSha256 !== undefined ? [`chain SHA-256 ${p.tls.chainSha256}`] : [])
              ]
            }
    },
    {
      key: 'http',
      label: 'report.probe.http',
      shape: 'list',
      read: (p) =>
        p.http === undefined
          ? undefined
          : {
              shape: 'list',
              value: [
                `HTTP/${p.http.httpVersion} ${joined(p.http.status, p.http.statusText)} (TTFB ${p.http.ttfbMs} ms)`,
                `${p.http.bodyBytes}${p.http.bodyTruncated ? '+' : ''} B, SHA-256 ${p.http.bodySha256}`,
                ...p.http.headers.map((h) => `${h.name}: ${h.value}`)
              ]
            }
    },
    {
      key: 'vantage',
      label: 'report.probe.vantage',
      shape: 'list',
      read: (p) => ({
        shape: 'list',
        value: [
          ...p.vantage.interfaces.map((i) => `${i.name} ${i.address}`),
          `DNS ${p.vantage.resolvers.join(', ')}`,
          p.vantage.platform
        ]
      })
    },
    {
      key: 'tool',
      label: 'report.capture.tool',
      shape: 'text',
      covers: ['tool', 'timeoutMs'],
      read: (p) => ({
        shape: 'text',
        value: `${joined(p.tool.name, p.tool.version)}; timeout ${p.timeoutMs} ms`
      })
    },
    { key: 'operator', label: 'report.capture.operator', shape: 'text' }
  ]
}

/** The fields an amendment may correct in an entry of `kind`: title, time, and its own. */
export function amendableFields(kind: EntryKind): EntryField<never>[] {
  const fields: readonly EntryField<never>[] = [...COMMON_FIELDS, ...fieldsOf(kind)]
  return fields.filter((field) => field.amendable === true)
}

/** Every field some kind lets an amendment correct, each key once (the options of `amend`). */
export function allAmendableFields(): EntryField<never>[] {
  const byKey = new Map<string, EntryField<never>>()
  for (const kind of Object.keys(ENTRY_FIELDS) as EntryKind[])
    for (const field of amendableFields(kind))
      if (!byKey.has(field.key)) byKey.set(field.key, field)
  return [...byKey.values()]
}

/** One field of one entry, with its value: what a face lays out. */
export interface ShownField {
  key: string
  /** null for a payload key the table does not know (written by a later version) */
  label: MessageKey | null
  value: FieldValue
  block: boolean
}

/** A field of the table and its value in one entry, which may be unrecorded. */
export interface FieldSlot {
  key: string
  label: MessageKey
  value: FieldValue | undefined
  block: boolean
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  )
}

/** A stored value in the field's shape, or undefined when there is nothing to show. */
export function valueOf(field: EntryField<never>, raw: unknown): FieldValue | undefined {
  if (isEmpty(raw)) return undefined
  switch (field.shape) {
    case 'text':
    case 'prose':
    case 'code':
    case 'time':
      return { shape: field.shape, value: String(raw) }
    case 'number':
      return typeof raw === 'number'
        ? { shape: 'number', value: raw }
        : { shape: 'json', value: raw }
    case 'list':
      return Array.isArray(raw)
        ? { shape: 'list', value: raw.map(String) }
        : { shape: 'list', value: [String(raw)] }
    case 'enum':
      return {
        shape: 'enum',
        value: String(raw),
        label: `${field.enumPrefix ?? ''}${String(raw)}` as MessageKey
      }
    case 'officials':
      return { shape: 'officials', value: raw as Official[] }
    case 'people':
      return { shape: 'people', value: raw as PersonPresent[] }
    case 'ref':
      return { shape: 'ref', value: raw as EntryRef }
    case 'seqs':
      return { shape: 'seqs', value: raw as number[] }
    case 'headers':
      return { shape: 'headers', value: raw as HttpHeader[] }
    case 'tls':
      return { shape: 'tls', value: raw as CaptureTls }
    case 'message':
    case 'json':
      return { shape: 'json', value: raw }
  }
}

/** The table's fields of a kind (typed loosely, for faces that walk any kind). */
export function fieldsOf(kind: EntryKind): readonly EntryField<never>[] {
  return ENTRY_FIELDS[kind]
}

/** Every field the table lists for the entry's kind, recorded or not, in the table's order. */
export function fieldSlots(entry: Entry): FieldSlot[] {
  const payload = entry.payload as unknown as Record<string, unknown>
  return fieldsOf(entry.kind).flatMap((field) => {
    if (entry.kind === 'amendment' && field.key === 'changes') return []
    const read = field.read as ((p: unknown) => FieldValue | undefined) | undefined
    const value = read !== undefined ? read(payload) : valueOf(field, payload[field.key])
    return [{ key: field.key, label: field.label, value, block: field.block === true }]
  })
}

/** Payload keys the table does not know (a field written by a later version), with values. */
export function otherFields(entry: Entry): ShownField[] {
  const payload = entry.payload as unknown as Record<string, unknown>
  const known = new Set(fieldsOf(entry.kind).flatMap((f) => [f.key, ...(f.covers ?? [])]))
  return Object.keys(payload)
    .sort()
    .filter((key) => !known.has(key) && !isEmpty(payload[key]))
    .map((key) => ({
      key,
      label: null,
      value: { shape: 'json', value: payload[key] },
      block: false
    }))
}

/**
 * The fields of an entry that have a value, in the table's order (an amendment's corrections
 * under the labels of the fields they correct), then any payload key the table does not know.
 */
export function shownFields(entry: Entry): ShownField[] {
  const shown: ShownField[] = fieldSlots(entry).flatMap((slot) =>
    slot.value === undefined ? [] : [{ ...slot, value: slot.value }]
  )
  if (entry.kind === 'amendment') shown.push(...changedFields(entry.payload.changes))
  return [...shown, ...otherFields(entry)]
}

/** The field an amendment's change names: a common field, or a payload field of any kind. */
export function fieldByKey(key: string): EntryField<never> | undefined {
  const common = COMMON_FIELDS.find((f) => f.key === key)
  if (common !== undefined) return common
  for (const kind of Object.keys(ENTRY_FIELDS) as EntryKind[]) {
    const found = fieldsOf(kind).find((f) => f.key === key && f.amendable === true)
    if (found !== undefined) return found
  }
  return undefined
}

/** An amendment's corrections, each under the label of the field it corrects. */
export function changedFields(changes: Readonly<Record<string, unknown>>): ShownField[] {
  return Object.keys(changes).flatMap((key) => {
    const field = fieldByKey(key)
    const value =
      field === undefined
        ? { shape: 'json' as const, value: changes[key] }
        : valueOf(field, changes[key])
    // A correction that empties a field is shown as emptied, not dropped.
    const shown = value ?? { shape: 'text' as const, value: '—' }
    return [{ key, label: field?.label ?? null, value: shown, block: false }]
  })
}

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
