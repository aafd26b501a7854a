/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Numbers use ECMAScript's Number-to-String, which is what RFC 8785 §3.2.2.3 specifies;
 * strings use JSON.stringify's escaping, which matches §3.2.2.2; object members are sorted
 * by their UTF-16 code units (§3.2.3), which is JavaScript's default string order.
 * Properties whose value is `undefined` are absent, as in JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('JCS cannot encode a non-finite number')
      // JSON.stringify(-0) is "0", as RFC 8785 requires.
      return JSON.stringify(value)
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value))
        return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`
      const record = value as Record<string, unknown>
      const members: string[] = []
      for (const key of Object.keys(record).sort()) {
        const member = record[key]
        if (member === undefined) continue
        members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`)
      }
      return `{${members.join(',')}}`
    }
    default:
      throw new TypeError(`JCS cannot encode a ${typeof value}`)
  }
}
