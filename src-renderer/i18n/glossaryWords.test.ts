import { describe, expect, it } from 'vitest'
import kk from '../../resources/locales/kk.json'
import ru from '../../resources/locales/ru.json'

/** Every string of one catalog: the app, the CLI, the report and verify.html read the same words. */
function catalogStrings(language: 'ru' | 'kk'): [string, string][] {
  const catalog: Record<string, string> = language === 'ru' ? ru : kk
  return Object.entries(catalog)
}

/** The app's own strings (ui.*) of one catalog. */
function uiStrings(language: 'ru' | 'kk'): [string, string][] {
  return catalogStrings(language).filter(([key]) => key.startsWith('ui.'))
}

function offending(language: 'ru' | 'kk', word: RegExp, strings = uiStrings): string[] {
  return strings(language)
    .filter(([, text]) => word.test(text))
    .map(([key, text]) => `${key}: ${text}`)
}

// GLOSSARY.md's "avoid" column: a journalist (and the CLI's reader) reads one word per idea.
describe('the app speaks GLOSSARY.md', () => {
  it('calls the passphrase «құпия фраза» in Kazakh, never «құпия сөз»', () => {
    expect(offending('kk', /құпия сөз/i, catalogStrings)).toEqual([])
  })

  it('calls the passphrase «парольная фраза» in Russian, never a bare «пароль»', () => {
    expect(offending('ru', /(^|[^а-яё])парол(?!ьн)/i, catalogStrings)).toEqual([])
  })

  it('calls an amendment «поправка» in Russian, not «исправлено записью»', () => {
    expect(offending('ru', /исправлен[оа]? записью/i)).toEqual([])
  })

  it('never calls a web capture a photo shoot (ru «съёмка», kk «түсіру»)', () => {
    expect(offending('ru', /съёмк|съемк/i)).toEqual([])
    expect(offending('kk', /түсір|скриншот/i)).toEqual([])
  })

  it('numbers entries with «№» in Russian and Kazakh, not «#»', () => {
    expect(offending('ru', /#\{/)).toEqual([])
    expect(offending('kk', /#\{/)).toEqual([])
  })
})
