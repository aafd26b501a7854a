import { describe, expect, it } from 'vitest'
import en from '../../resources/locales/en.json'
import kk from '../../resources/locales/kk.json'
import ru from '../../resources/locales/ru.json'

/** Every string of one catalog: the app, the CLI, the report, verify.html and the desktop menus read the same words. */
function catalogStrings(language: 'en' | 'ru' | 'kk'): [string, string][] {
  const catalog: Record<string, string> = { en, ru, kk }[language]
  return Object.entries(catalog)
}

/** The keys of one catalog whose text uses a word GLOSSARY.md says to avoid, with the text, so a failure names them. */
function offending(
  language: 'en' | 'ru' | 'kk',
  word: RegExp,
  except: readonly string[] = []
): string[] {
  return catalogStrings(language)
    .filter(([key, text]) => !except.includes(key) && word.test(text))
    .map(([key, text]) => `${key}: ${text}`)
}

// A Cyrillic word starts here: JavaScript's \b only knows ASCII letters.
const start = '(?:^|[^а-яёәғқңөұүһі])'

// GLOSSARY.md's "avoid" column, over every key of both catalogs: a journalist, the CLI's reader and
// a lawyer reading report.pdf or verify.html meet one word per idea.
describe('every catalog string speaks GLOSSARY.md', () => {
  it('calls the passphrase «құпия фраза» in Kazakh, never «құпия сөз»', () => {
    expect(offending('kk', /құпия сөз/i)).toEqual([])
  })

  it('calls the passphrase «парольная фраза» in Russian, never a bare «пароль»', () => {
    expect(offending('ru', new RegExp(`${start}парол(?!ьн)`, 'i'))).toEqual([])
  })

  it('calls the entry hash «хеш записи» / «жазба хэші», never an obligation (ru «обязательство», kk «міндеттеме»)', () => {
    expect(offending('ru', /обязательств/i)).toEqual([])
    expect(offending('kk', /міндеттеме/i)).toEqual([])
    expect(offending('en', /commitment/i)).toEqual([])
  })

  it('calls the head the last entry of the chain (ru «последняя запись цепочки», never «вершина»)', () => {
    expect(offending('ru', new RegExp(`${start}вершин`, 'i'))).toEqual([])
    // The timestamps' "head statement" is a file (timestamps/<seq>.txt), and {head} a placeholder.
    expect(offending('en', /(?<!\{)\bhead\b(?! statement)/i)).toEqual([])
  })

  it('never calls a web capture a photo shoot (ru «съёмка», a bare «снимок»; kk «түсіру», «скриншот»)', () => {
    expect(offending('ru', /съ[её]мк/i)).toEqual([])
    // «снимок экрана» is the screenshot's own word; «снимок» alone reads as a photograph.
    expect(
      offending('ru', new RegExp(`${start}сним(?:ок|к[а-яё]*)(?![а-яё])(?! экрана)`, 'i'))
    ).toEqual([])
    expect(offending('kk', /түсір/i)).toEqual([])
    expect(offending('kk', /скриншот/i)).toEqual([])
  })

  it('calls an amendment «поправка» in Russian, not «исправление» or «исправлено записью»', () => {
    expect(offending('ru', /исправлен[оа]? записью/i)).toEqual([])
    expect(offending('ru', new RegExp(`${start}исправлени[еяюйим]`, 'i'))).toEqual([])
  })

  it('never calls a custody record «передача» in Russian (the action is named: export, backup, restore)', () => {
    // report.custody.handover names the one action that is a hand-over, not the record.
    expect(offending('ru', /передач/i, ['report.custody.handover'])).toEqual([])
  })

  it('calls the admitted lawyer «кіргізілген» in Kazakh, never «жіберілген» (also "sent")', () => {
    expect(offending('kk', /жіберіл\S*\s+адвокат/i)).toEqual([])
  })

  it('keeps kk «хаттама» for the search record: HTTP is called HTTP', () => {
    expect(offending('kk', /(?<!тінту )хаттама/i)).toEqual([])
  })

  it('names a withdrawal one way in Kazakh: «кері алу», «кері алынған», never «кері қайтару»', () => {
    expect(offending('kk', /кері қайтар/i)).toEqual([])
  })

  it('numbers entries with «№» in Russian and Kazakh, not «#»', () => {
    expect(offending('ru', /#\{/)).toEqual([])
    expect(offending('kk', /#\{/)).toEqual([])
  })
})
