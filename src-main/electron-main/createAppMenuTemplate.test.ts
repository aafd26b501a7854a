import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { LOCALES, translate } from '../common/i18n/translate'
import type { Locale, MessageKey, MessageParams } from '../common/i18n/translate'
import { LOGIN_SITES, createAppMenuTemplate } from './createAppMenuTemplate'

function items(menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return Array.isArray(menu.submenu) ? menu.submenu : []
}

function allLabels(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((menu) => [
    menu.label ?? '',
    ...items(menu)
      .filter((item) => item.type !== 'separator')
      .map((item) => item.label ?? '')
  ])
}

function setup(platform: NodeJS.Platform, locale: Locale = 'kk') {
  const calls: string[] = []
  const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params)
  const template = createAppMenuTemplate(
    t,
    {
      logIn: (url) => calls.push(`login ${url}`),
      signOutEverywhere: () => calls.push('sign out')
    },
    platform
  )
  return { template, calls }
}

describe('createAppMenuTemplate', () => {
  it('offers the capture browser logins and a sign-out on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const { template, calls } = setup(platform)
      const capture = template.find(
        (menu) => menu.label === translate('kk', 'desktop.menu.capture')
      )
      expect(capture, platform).toBeDefined()
      const clickable = items(capture ?? {}).filter((item) => item.click !== undefined)
      for (const item of clickable) item.click?.({} as never, undefined, {})
      expect(calls).toEqual([...LOGIN_SITES.map((site) => `login ${site.url}`), 'sign out'])
    }
  })

  it('logs in only over https, to the services named', () => {
    for (const site of LOGIN_SITES) expect(new URL(site.url).protocol).toBe('https:')
    expect(LOGIN_SITES.map((site) => site.name)).toEqual(['Instagram', 'Facebook', 'Telegram Web'])
  })

  it('labels every item in the chosen language, with no untranslated role label', () => {
    for (const locale of LOCALES) {
      for (const platform of ['linux', 'darwin'] as const) {
        const labels = allLabels(setup(platform, locale).template)
        for (const label of labels) expect(label.trim(), `${locale} ${platform}`).not.toBe('')
        expect(labels.some((label) => label.startsWith('desktop.'))).toBe(false)
      }
    }
    const ru = allLabels(setup('darwin', 'ru').template)
    expect(ru).toContain('Копировать')
    expect(ru).toContain('Войти в Instagram в браузере для фиксации…')
  })

  it('has only the capture menu outside macOS, where Chromium handles copy and paste', () => {
    expect(setup('linux').template).toHaveLength(1)
    expect(setup('win32').template).toHaveLength(1)
    const mac = setup('darwin').template
    const roles = mac.flatMap((menu) => items(menu).map((item) => item.role)).filter(Boolean)
    expect(roles).toEqual(
      expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo', 'redo', 'quit'])
    )
  })
})
