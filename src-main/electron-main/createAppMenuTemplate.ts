import type { MenuItemConstructorOptions } from 'electron'
import type { MessageKey, MessageParams } from '../common/i18n/translate'

/**
 * Where the journalist logs in, in the capture browser's persistent session, before capturing
 * what only a logged-in reader sees. Fixed addresses: the app's own windows have no address
 * bar, and these are the services the journalists Dalel is for lose their accounts on.
 */
export const LOGIN_SITES = [
  { name: 'Instagram', url: 'https://www.instagram.com/accounts/login/' },
  { name: 'Facebook', url: 'https://www.facebook.com/login/' },
  { name: 'Telegram Web', url: 'https://web.telegram.org/' }
] as const

export interface AppMenuActions {
  /** opens a capture window at `url` for the person to log in */
  logIn(url: string): void
  /** after a confirmation, forgets every cookie and site datum of the capture session */
  signOutEverywhere(): void
}

/**
 * The application menu, every label translated: the capture browser's logins; on macOS also
 * the application, edit and window menus (there the edit roles carry copy and paste; on
 * Windows and Linux Chromium handles those keys itself).
 */
export function createAppMenuTemplate(
  t: (key: MessageKey, params?: MessageParams) => string,
  actions: AppMenuActions,
  platform: NodeJS.Platform
): MenuItemConstructorOptions[] {
  const capture: MenuItemConstructorOptions = {
    label: t('desktop.menu.capture'),
    submenu: [
      ...LOGIN_SITES.map((site): MenuItemConstructorOptions => ({
        label: t('desktop.menu.logIn', { site: site.name }),
        click: () => {
          actions.logIn(site.url)
        }
      })),
      { type: 'separator' },
      {
        label: t('desktop.menu.signOutEverywhere'),
        click: () => {
          actions.signOutEverywhere()
        }
      }
    ]
  }
  if (platform !== 'darwin') return [capture]
  return [
    {
      label: 'Dalel',
      submenu: [
        { role: 'hide', label: t('desktop.menu.hide') },
        { type: 'separator' },
        { role: 'quit', label: t('desktop.menu.quit') }
      ]
    },
    {
      label: t('desktop.menu.edit'),
      submenu: [
        { role: 'undo', label: t('desktop.menu.undo') },
        { role: 'redo', label: t('desktop.menu.redo') },
        { type: 'separator' },
        { role: 'cut', label: t('desktop.menu.cut') },
        { role: 'copy', label: t('desktop.menu.copy') },
        { role: 'paste', label: t('desktop.menu.paste') },
        { role: 'selectAll', label: t('desktop.menu.selectAll') }
      ]
    },
    capture,
    {
      label: t('desktop.menu.window'),
      submenu: [
        { role: 'minimize', label: t('desktop.menu.minimize') },
        { role: 'close', label: t('desktop.menu.close') }
      ]
    }
  ]
}
