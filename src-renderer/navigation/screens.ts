import type { MessageKey } from '../i18n/translate'
import type { Shortcut } from './shortcuts'
import { ctrlShift } from './shortcuts'

/**
 * The screens the sidebar leads to, in its order: the one list to extend. A new screen is a
 * line here and a case in ScreenView (screens/ScreenView.tsx), which the compiler asks for.
 */
export const NAV_SCREENS = [
  { id: 'timeline', label: 'ui.nav.timeline', group: 'entries' },
  { id: 'note', label: 'ui.nav.note', group: 'record', shortcut: ctrlShift('N') },
  { id: 'incident', label: 'ui.nav.incident', group: 'record', shortcut: ctrlShift('O') },
  { id: 'attach', label: 'ui.nav.attach', group: 'record' },
  { id: 'capture', label: 'ui.nav.capture', group: 'record', shortcut: ctrlShift('U') },
  { id: 'watch', label: 'ui.nav.watch', group: 'record' },
  { id: 'recheck', label: 'ui.nav.recheck', group: 'record' },
  { id: 'export', label: 'ui.nav.export', group: 'check' },
  { id: 'verify', label: 'ui.nav.verify', group: 'check' },
  { id: 'verifyBundle', label: 'ui.nav.verifyBundle', group: 'check' },
  { id: 'backup', label: 'ui.nav.backup', group: 'keep' },
  { id: 'restore', label: 'ui.nav.restore', group: 'keep' },
  { id: 'settings', label: 'ui.nav.settings', group: 'keep' }
] as const satisfies readonly NavScreen[]

export interface NavScreen {
  id: string
  label: MessageKey
  group: NavGroup
  shortcut?: Shortcut
}

export type NavGroup = 'entries' | 'record' | 'check' | 'keep'
export type NavScreenId = (typeof NAV_SCREENS)[number]['id']

export const NAV_GROUPS: readonly { id: NavGroup; label: MessageKey }[] = [
  { id: 'entries', label: 'ui.nav.group.entries' },
  { id: 'record', label: 'ui.nav.group.record' },
  { id: 'check', label: 'ui.nav.group.check' },
  { id: 'keep', label: 'ui.nav.group.keep' }
]
