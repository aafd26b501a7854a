import { describe, expect, it } from 'vitest'
import { attachmentUrl as contractAttachmentUrl } from '../src-main/common/contract/DalelApi'
import { attachmentUrl } from './dalelBridge'
import { errorText } from './errorText'
import { linesOf, tagsOf } from './format'
import { i18nFor } from './i18n/I18n'

describe('what the screens print', () => {
  it('turns form fields into the contract’s values', () => {
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
