import { describe, expect, it } from 'vitest'
import { LOCALES, catalogFor, pickLocale, translate } from './translate'

// The set of names: a plural repeats a placeholder once per branch, and Russian has more branches.
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()

describe('translations', () => {
  it('has every key in English, Russian and Kazakh, with the same placeholders', () => {
    const english = catalogFor('en')
    for (const locale of LOCALES) {
      const catalog = catalogFor(locale)
      expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(english).sort())
      for (const [key, text] of Object.entries(catalog)) {
        expect(text.trim(), `${locale} ${key}`).not.toBe('')
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(english[key] ?? ''))
      }
    }
  })

  it('translates Russian and Kazakh differently from English where words differ', () => {
    expect(translate('ru', 'error.wrong-passphrase')).not.toBe(
      translate('en', 'error.wrong-passphrase')
    )
    expect(translate('kk', 'error.wrong-passphrase')).not.toBe(
      translate('ru', 'error.wrong-passphrase')
    )
    expect(translate('kk', 'error.vault-not-found', { path: '/a' })).toBe('/a жолында қойма жоқ.')
  })

  it('picks the locale from LANG-style and BCP 47 tags, English otherwise', () => {
    expect(pickLocale('ru_KZ.UTF-8')).toBe('ru')
    expect(pickLocale('kk-KZ')).toBe('kk')
    expect(pickLocale('de_DE.UTF-8')).toBe('en')
    expect(pickLocale(undefined)).toBe('en')
  })
})
