import { IntlMessageFormat } from 'intl-messageformat'
import type { Formatters } from 'intl-messageformat'
import { decimalSeparator } from './formatNumber'

export type MessageParams = Readonly<Record<string, string | number>>

/**
 * Whole numbers print as String() prints them, "#" in a plural branch included: a seq, a byte
 * count or a chain position must read the same in every language as in `dalel list --json`,
 * not "1 000" in Russian and "1,000" in English. A fraction is a measurement, not an
 * identifier: it gets the language's decimal separator ("2,5 с"). Grouped digits, where a
 * reader wants them, come as text from formatNumber.
 */
function plainNumber(locale: string, value: number | bigint): string {
  const text = String(value)
  return typeof value === 'number' && !Number.isInteger(value)
    ? text.replace('.', decimalSeparator(locale))
    : text
}

const pluralRules = new Map<string, Intl.PluralRules>()

const formatters: Formatters = {
  getNumberFormat: (locales) => {
    const locale = String(Array.isArray(locales) ? locales[0] : (locales ?? 'en'))
    return { format: (value: number | bigint) => plainNumber(locale, value) } as Intl.NumberFormat
  },
  getDateTimeFormat: (...args) => new Intl.DateTimeFormat(...args),
  getPluralRules: (locale, options) => {
    const key = `${String(locale)} ${options?.type ?? 'cardinal'}`
    let rules = pluralRules.get(key)
    if (rules === undefined) {
      rules = new Intl.PluralRules(locale, options)
      pluralRules.set(key, rules)
    }
    return rules
  }
}

interface Compiled {
  message: IntlMessageFormat
  /** arguments a plural or select branches on: passed on as they are */
  branching: ReadonlySet<string>
}

const compiled = new Map<string, Compiled>()

interface AstNode {
  type: number
  value?: unknown
  options?: Record<string, { value: AstNode[] }>
  children?: AstNode[]
}

function branchingNames(nodes: readonly AstNode[], names = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if (node.options !== undefined && typeof node.value === 'string') names.add(node.value)
    for (const option of Object.values(node.options ?? {})) branchingNames(option.value, names)
    branchingNames(node.children ?? [], names)
  }
  return names
}

function compile(locale: string, template: string): Compiled {
  const key = `${locale}\u0000${template}`
  let entry = compiled.get(key)
  if (entry === undefined) {
    // ignoreTag: "<seq>" in the bundle README is text, not markup.
    const message = new IntlMessageFormat(template, locale, undefined, {
      formatters,
      ignoreTag: true
    })
    entry = { message, branching: branchingNames(message.getAst()) }
    compiled.set(key, entry)
  }
  return entry
}

/**
 * Formats one ICU message (https://unicode-org.github.io/icu/userguide/format_parse/messages/):
 * `{name}` placeholders, and `{count, plural, one {# file} few {# файла} many {# файлов}
 * other {# файла}}` where a language's plural rules pick the words (Russian one/few/many,
 * Kazakh one/other). The CLI, the renderer and verify.html all format through this.
 * A parameter the caller did not pass stays visible as `{name}` instead of throwing, so a
 * missing value shows up in the text rather than as a blank screen.
 * @param locale a BCP 47 tag: en, ru, kk
 * @throws when the template is not a valid ICU message (the catalog test parses them all)
 */
export function formatMessage(
  locale: string,
  template: string,
  params: MessageParams = {}
): string {
  const { message, branching } = compile(locale, template)
  // intl-messageformat prints a plain {argument} with String(), never through the formatters.
  const shown = (name: string, value: string | number): string | number =>
    typeof value === 'number' && !branching.has(name) ? plainNumber(locale, value) : value
  const values = new Proxy(params, {
    has: () => true,
    get: (target, name) => {
      if (typeof name !== 'string') return undefined
      const value = target[name]
      return value === undefined ? `{${name}}` : shown(name, value)
    }
  })
  const text = message.format(values)
  return typeof text === 'string' ? text : String(text)
}
