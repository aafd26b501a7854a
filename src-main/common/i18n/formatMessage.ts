import { IntlMessageFormat } from 'intl-messageformat'
import type { Formatters } from 'intl-messageformat'

export type MessageParams = Readonly<Record<string, string | number>>

// Numbers print as String() prints them, "#" in a plural branch included: a seq, a byte count
// or a chain position must read the same in every language as in `dalel list --json`, not
// "1 000" in Russian and "1,000" in English.
const plainNumbers = { format: (value: number | bigint) => String(value) }
const pluralRules = new Map<string, Intl.PluralRules>()

const formatters: Formatters = {
  getNumberFormat: () => plainNumbers as Intl.NumberFormat,
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

const compiled = new Map<string, IntlMessageFormat>()

function compile(locale: string, template: string): IntlMessageFormat {
  const key = `${locale}\u0000${template}`
  let message = compiled.get(key)
  if (message === undefined) {
    // ignoreTag: "<seq>" in the bundle README is text, not markup.
    message = new IntlMessageFormat(template, locale, undefined, { formatters, ignoreTag: true })
    compiled.set(key, message)
  }
  return message
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
  const values = new Proxy(params, {
    has: () => true,
    get: (target, name) => (typeof name === 'string' ? (target[name] ?? `{${name}}`) : undefined)
  })
  const text = compile(locale, template).format(values)
  return typeof text === 'string' ? text : String(text)
}
