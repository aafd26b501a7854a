import type { ExportResultView, LockReason } from '../../src-main/common/contract/DalelApi'
import type { DroppedBatch } from '../screens/AttachScreen'
import type { EntryQuery } from '../screens/export/EntryPicker'
import { NAV_SCREENS } from './screens'
import type { NavScreenId } from './screens'

/** Where the page is. Only `recovery` holds a secret, and only until it is left. */
export type View =
  | { screen: 'starting' }
  | { screen: 'create' }
  | { screen: 'recovery'; code: string }
  | { screen: 'unlock'; lockedReason: LockReason | null }
  | { screen: NavScreenId }
  /** files dropped on the window, to add to the Attach screen's list */
  | { screen: 'attach'; dropped: DroppedBatch }
  | { screen: 'entry'; seq: number }
  | { screen: 'note'; about: number }
  | { screen: 'amend'; seq: number }
  | { screen: 'withdraw'; seq: number }
  | { screen: 'recheckEntry'; seq: number }
  | { screen: 'export'; query: EntryQuery | null }
  | { screen: 'exportDone'; result: ExportResultView }
  /** reached from the start screens, where `back` leads */
  | { screen: 'verifyBundle' | 'restore'; back: View }

/** The id of the screen's view, so focus moves when it changes and not on every render. */
export function viewKey(view: View): string {
  return 'seq' in view ? `${view.screen}:${view.seq}` : view.screen
}

export function isNavScreen(screen: string): screen is NavScreenId {
  return NAV_SCREENS.some((nav) => nav.id === screen)
}
