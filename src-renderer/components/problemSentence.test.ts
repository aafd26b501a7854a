import { describe, expect, it } from 'vitest'
import { VAULT_PROBLEM_CODES } from '../../src-main/common/chain/vaultProblemCodes'
import { i18nFor } from '../i18n/I18n'
import { problemSentence } from './problemSentence'

const VAULT = ['verifyProblem', 'tokenProblem']

describe('a check’s problems, in words', () => {
  it('names every problem the vault check can report, in each language, without its code', () => {
    for (const locale of ['en', 'ru', 'kk'] as const) {
      const { t } = i18nFor(locale)
      for (const code of VAULT_PROBLEM_CODES) {
        const sentence = problemSentence(t, locale, { code }, VAULT)
        expect(sentence, `${locale} ${code}`).not.toContain(code)
        expect(sentence, `${locale} ${code}`).not.toBe(`${t('ui.verifyBundle.unknownProblem')}.`)
      }
    }
  })

  it('says where first — the entry, then the file — and ends the sentence', () => {
    const ru = i18nFor('ru')
    expect(
      problemSentence(ru.t, 'ru', { code: 'blob-missing', seq: 5, file: 'blobs/ab/cd' }, VAULT)
    ).toBe('Запись №5, «blobs/ab/cd»: в папке хранилища нет вложенного файла.')
    const kk = i18nFor('kk')
    expect(problemSentence(kk.t, 'kk', { code: 'commitment-mismatch', seq: 3 }, VAULT)).toBe(
      '№3 жазба: жазба тізбектегі жазба хэшіне сәйкес келмейді: ол жазылғаннан кейін өзгертілген.'
    )
    const en = i18nFor('en')
    expect(problemSentence(en.t, 'en', { code: 'zip-unreadable' }, ['bundleProblem'])).toBe(
      'The zip is damaged or truncated.'
    )
    // A token's problem reads from the words `dalel timestamp` uses.
    expect(problemSentence(en.t, 'en', { code: 'token-imprint', seq: 9 }, VAULT)).toBe(
      `Entry #9: ${en.t('tokenProblem.token-imprint')}.`
    )
    // A code this version does not know is not shown raw.
    expect(problemSentence(en.t, 'en', { code: 'from-the-future' }, VAULT)).toBe(
      `${en.t('ui.verifyBundle.unknownProblem')}.`.replace(/^./, (c) => c.toUpperCase())
    )
  })

  it('names an attachment of a bundle as it was recorded, after its path in the zip', () => {
    const ru = i18nFor('ru')
    const problem = {
      code: 'file-mismatch',
      seq: 7,
      file: 'entries/7/1.mp4',
      recordedAs: 'видео обыска.mp4'
    }
    expect(problemSentence(ru.t, 'ru', problem, ['bundleProblem'])).toBe(
      `Запись №7, «entries/7/1.mp4», записан как «видео обыска.mp4»: ${ru.t('bundleProblem.file-mismatch')}.`
    )
  })
})
