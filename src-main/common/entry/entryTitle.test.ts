import { describe, expect, it } from 'vitest'
import { translate } from '../i18n/translate'
import type { Locale, MessageKey, MessageParams } from '../i18n/translate'
import { entryTitle, titleOf } from './entryTitle'

const tr = (locale: Locale) => (key: MessageKey, params?: MessageParams) =>
  translate(locale, key, params)

describe('entryTitle', () => {
  it('says what Dalel did with a bundle, a backup or a restore in the reader’s language', () => {
    expect(entryTitle('custody', 'Адвокат Ким', 'export', tr('ru'))).toBe('Экспорт → Адвокат Ким')
    expect(entryTitle('custody', '/media/usb', 'backup', tr('kk'))).toBe(
      'Сақтық көшірме → /media/usb'
    )
    expect(entryTitle('custody', '/media/usb', 'restore', tr('ru'))).toBe(
      'Восстановление ← /media/usb'
    )
    expect(entryTitle('custody', 'b.zip', 'export', tr('en'))).toBe('Export → b.zip')
  })

  it('translates the English sentences entries recorded before, dropping their English head', () => {
    expect(entryTitle('custody', 'Export → Адвокат Ким', 'export', tr('kk'))).toBe(
      'Экспорт → Адвокат Ким'
    )
    expect(entryTitle('custody', 'Backup → /media/usb', 'backup', tr('ru'))).toBe(
      'Резервная копия → /media/usb'
    )
    expect(entryTitle('custody', 'Restore ← /b', 'restore', tr('kk'))).toBe('Қалпына келтіру ← /b')
  })

  it('keeps a title a person wrote: a hand-over, and every other kind', () => {
    expect(entryTitle('custody', 'Передача флешки', 'handover', tr('en'))).toBe('Передача флешки')
    expect(entryTitle('note', 'Export → x', undefined, tr('ru'))).toBe('Export → x')
    expect(
      titleOf({ kind: 'custody', title: 'b.zip', payload: { action: 'export' } }, tr('ru'))
    ).toBe('Экспорт → b.zip')
  })
})
