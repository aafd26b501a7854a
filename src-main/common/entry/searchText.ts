import { unreachable } from '../errors/unreachable'
import type { Entry } from './Entry'

/** The text of an entry that full-text search indexes, split into body and structured fields. */
export function searchText(entry: Entry): { body: string; fields: string } {
  const join = (...parts: (string | readonly string[] | undefined)[]) =>
    parts
      .flat()
      .filter((part): part is string => typeof part === 'string' && part.length > 0)
      .join('\n')
  const names = entry.attachments.map((a) => a.name)
  switch (entry.kind) {
    case 'note':
      return { body: join(entry.payload.body), fields: join(entry.payload.tags, names) }
    case 'incident': {
      const p = entry.payload
      const officials = (p.officials ?? []).map((o) => join(o.name, o.position, o.unit))
      return {
        body: join(p.body),
        fields: join(
          p.type,
          p.place,
          p.peopleInvolved,
          officials,
          p.legalBasisShown,
          p.itemsSeized,
          p.lawyersAdmitted,
          p.lawyersRefused,
          p.witnesses,
          p.tags,
          names
        )
      }
    }
    case 'file':
      return { body: join(entry.payload.body), fields: join(names) }
    case 'amendment': {
      const c = entry.payload.changes
      return { body: join(c.body, entry.payload.reason), fields: join(c.title, c.place) }
    }
    case 'withdrawal':
      return { body: join(entry.payload.reason), fields: '' }
    case 'custody':
      return {
        body: join(entry.payload.body),
        fields: join(entry.payload.action, entry.payload.recipient, entry.payload.purpose)
      }
    case 'web-capture': {
      // The page's visible text is the body; addresses, the server and the certificates'
      // names are fields. Headers and PEM text would only add noise to every search.
      const p = entry.payload
      const certificates = (p.tls?.certificates ?? []).map((c) => join(c.subject, c.subjectAltName))
      return {
        body: join(p.text),
        fields: join(
          p.title,
          p.requestedUrl,
          p.finalUrl,
          p.redirects.map((r) => r.to),
          p.outcome,
          p.reason,
          p.recheck?.outcome,
          p.serverIp,
          certificates,
          names
        )
      }
    }
    case 'probe': {
      // The address, the outcome and the server's answers; not the vantage's own addresses.
      const p = entry.payload
      return {
        body: '',
        fields: join(
          p.url,
          p.dns.host,
          p.outcome,
          p.reason,
          p.status !== undefined ? String(p.status) : undefined,
          p.dns.addresses.map((a) => a.address),
          (p.tls?.certificates ?? []).map((c) => c.subject)
        )
      }
    }
    case 'watch':
      return { body: '', fields: join(entry.payload.watched.map((w) => w.url)) }
    case 'anchor': {
      // Their payloads are defined by their own issues; index every string they hold.
      const strings: string[] = []
      const collect = (value: unknown): void => {
        if (typeof value === 'string') strings.push(value)
        else if (Array.isArray(value)) value.forEach(collect)
        else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect)
      }
      collect(entry.payload)
      return { body: join(strings), fields: join(names) }
    }
    default:
      throw unreachable(entry)
  }
}
