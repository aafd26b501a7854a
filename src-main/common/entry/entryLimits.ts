// Pure TypeScript: the one set of size limits on what a person types into an entry. The app's
// zod schemas (node/api), validateDraft (every face, in the vault) and the CLI's early checks
// all read these, so the CLI can no longer store a 10 MB body the app would refuse.

export const ENTRY_LIMITS = {
  /** an entry's title, in UTF-16 code units (JavaScript string length) */
  titleChars: 1000,
  /** a long text: a body, the legal basis shown, an amendment's or withdrawal's reason */
  textChars: 1_000_000,
  /** one short field: a place, a name, a tag, one item of a list */
  fieldChars: 1000,
  /** items in one list: tags, officials, witnesses, seized items, files of one entry */
  listItems: 1000,
  /** a file or folder path */
  pathChars: 4096,
  /** addresses in one capture */
  urls: 100
} as const

/** Payload keys holding long text; every other string is a short field. */
export const LONG_TEXT_KEYS: ReadonlySet<string> = new Set([
  'body',
  'legalBasisShown',
  'reason',
  'purpose'
])

/**
 * The first value in a person's payload over its limit, as the field's key and the limit,
 * or null. Nested objects (an official, an amendment's changes) are walked too.
 */
export function overLimit(value: unknown, key = ''): { field: string; max: number } | null {
  if (typeof value === 'string') {
    const max = LONG_TEXT_KEYS.has(key) ? ENTRY_LIMITS.textChars : ENTRY_LIMITS.fieldChars
    return value.length > max ? { field: key, max } : null
  }
  if (Array.isArray(value)) {
    if (value.length > ENTRY_LIMITS.listItems) return { field: key, max: ENTRY_LIMITS.listItems }
    for (const item of value as unknown[]) {
      const found = overLimit(item, key)
      if (found !== null) return found
    }
    return null
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const found = overLimit(v, k)
      if (found !== null) return found
    }
  }
  return null
}
