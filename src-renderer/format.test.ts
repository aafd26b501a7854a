import { describe, expect, it } from 'vitest'
import { attachmentUrl as contractAttachmentUrl } from '../src-main/common/contract/DalelApi'
import { attachmentUrl } from './dalelBridge'
import { errorText } from './errorText'
import { formatBytes, formatLocalTime, formatUtc, linesOf, localInputToIso, tagsOf } from './format'
import { i18nFor } from './i18n/I18n'

describe('what the screens print', () => {
  // Built from local parts, so the test holds in any time zone.
  const march1 = new Date(2026, 2, 1, 7, 5).toISOString()

  it('writes local times from the catalogs, Kazakh included', () => {
    expect(formatLocalTime(march1, i18nFor('kk'))).toBe('2026 ж. 1 наурыз, 07:05')
    expect(formatLocalTime(march1, i18nFor('ru'))).toBe('1 марта 2026 г., 07:05')
    expect(formatLocalTime(march1, i18nFor('en'))).toBe('March 1, 2026, 07:05')
    expect(formatLocalTime('not a date', i18nFor('en'))).toBe('not a date')
  })

  it('writes recorded instants in UTC to the second', () => {
    expect(formatUtc('2026-03-01T09:00:05.123Z')).toBe('2026-03-01 09:00:05 UTC')
  })

  it('writes sizes in the largest fitting unit, with the language’s decimal comma', () => {
    expect(formatBytes(773, i18nFor('kk'))).toBe('773 байт')
    expect(formatBytes(1536, i18nFor('kk'))).toBe('1,5 КБ')
    expect(formatBytes(5 * 1024 * 1024, i18nFor('en'))).toBe('5 MB')
  })

  it('turns form fields into the contract’s values', () => {
    expect(localInputToIso('2026-03-01T07:05')).toBe(march1)
    expect(localInputToIso('')).toBeUndefined()
    expect(localInputToIso('вчера')).toBeUndefined()
    expect(linesOf(' ноутбук \n\n телефон\n')).toEqual(['ноутбук', 'телефон'])
    expect(tagsOf('тінту, обыск,тінту\nDDoS')).toEqual(['тінту', 'обыск', 'DDoS'])
  })

  it('translates a failure by its code, naming the field in words', () => {
    const kk = i18nFor('kk')
    expect(
      errorText(kk.t, { code: 'wrong-passphrase', params: {}, message: 'Wrong passphrase' })
    ).toBe(kk.t('error.wrong-passphrase'))
    expect(errorText(kk.t, { code: 'invalid-input', params: { field: 'url' }, message: 'x' })).toBe(
      kk.t('error.invalid-input', { field: kk.t('ui.field.url') })
    )
    // A code this page does not know: the message the core translated.
    expect(errorText(kk.t, { code: 'from-the-future', params: {}, message: 'Келешек' })).toBe(
      'Келешек'
    )
  })

  it('asks for attachments at the address the contract names', () => {
    expect(attachmentUrl(12, 3)).toBe(contractAttachmentUrl(12, 3))
  })
})
