import type { Status } from '../pageReport'
import type { PageT } from './entryText'
import { h } from './h'

const STATUS_MARK: Record<Status, string> = { pass: '✔', fail: '✘', unchecked: '?' }

/** A check's outcome: a mark and a word, so it reads without colour. */
export function statusBadge(status: Status, t: PageT): HTMLElement {
  return h(
    'span',
    { class: `status status-${status}`, 'data-status': status },
    `${STATUS_MARK[status]} ${t(`verifyPage.status.${status}`)}`
  )
}
