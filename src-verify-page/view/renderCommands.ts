import {
  FINGERPRINT_COMMAND,
  OPENSSL_COMMAND,
  SHA256SUM_COMMAND
} from '../../src-main/common/bundle/bundleLayout'
import type { PageT } from './entryText'
import { h } from './h'

/** The same checks with standard tools, for a lawyer who trusts no page. */
export function renderCommands(t: PageT): HTMLElement {
  return h(
    'section',
    { class: 'commands' },
    h('h2', {}, t('verifyPage.heading.commands')),
    h('p', {}, t('verifyPage.commands.intro')),
    h('pre', {}, [SHA256SUM_COMMAND, OPENSSL_COMMAND, FINGERPRINT_COMMAND].join('\n')),
    h('p', {}, t('verifyPage.commands.note'))
  )
}
