/**
 * The decimal separator of a language: a comma in Russian and Kazakh ("0,6 МБ"), a point in
 * English. Said here rather than asked of Intl: the Chromium builds Dalel runs in (Electron's,
 * Debian's) carry no Kazakh locale data, and `Intl.NumberFormat('kk')` there prints "0.6" and
 * "1,234" — Node's full ICU gets it right, so the same call would differ between the CLI and
 * the app or verify.html. The forms needed are two characters per language.
 * @param locale a BCP 47 tag; anything but en, ru and kk reads as English
 */
export function decimalSeparator(locale: string): string {
  return isCommaLocale(locale) ? ',' : '.'
}

function isCommaLocale(locale: string): boolean {
  const language = locale.toLowerCase().split(/[-_]/)[0]
  return language === 'ru' || language === 'kk'
}

/**
 * A number for a reader: "1 234,5" in ru and kk (a no-break space between thousands, so the
 * number never breaks over two lines), "1,234.5" in en. At most `fractionDigits` decimals,
 * trailing zeros dropped ("2,4", "2", never "2,0"). The CLI, report.pdf, verify.html and the
 * app all format through this. Identifiers (a seq, a byte count quoted for comparison) are
 * not numbers for a reader: they stay as String() prints them (see formatMessage).
 * @param locale a BCP 47 tag: en, ru, kk
 */
export function formatNumber(locale: string, value: number, fractionDigits = 0): string {
  if (!Number.isFinite(value)) return String(value)
  const comma = isCommaLocale(locale)
  const fixed = Math.abs(value).toFixed(fractionDigits)
  const [whole = '0', fraction = ''] = fixed.split('.')
  const trimmed = fraction.replace(/0+$/, '')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, comma ? '\u00a0' : ',')
  // -0.04 shown with one decimal is "0", not "-0".
  const negative = value < 0 && (/[1-9]/.test(whole) || trimmed !== '')
  return `${negative ? '-' : ''}${grouped}${trimmed === '' ? '' : (comma ? ',' : '.') + trimmed}`
}
