import {
  FINGERPRINT_COMMAND,
  OPENSSL_COMMAND,
  SHA256SUM_COMMAND
} from '../../../common/bundle/bundleLayout'
import type { MessageKey, MessageParams } from '../../../common/i18n/translate'
import type { ReportInput } from './renderReport'
import { renderTimestampAppendix } from './renderTimestamps'
import { escapeHtml } from './ReportWriter'
import type { ReportWriter } from './ReportWriter'

/** The appendix: how to check the bundle with standard tools, step by step. */
export function renderAppendix(w: ReportWriter, input: ReportInput, fingerprint: string): string {
  const name = input.bundleName
  const verifyCommand = `dalel verify-bundle ${/^[\w.@+-]+$/.test(name) ? name : `"${name}"`}`
  const step = (title: MessageKey, text: MessageKey, command: string, params: MessageParams = {}) =>
    `<h3>${w.e(title)}</h3><p>${w.e(text, params)}</p><pre class="command">${escapeHtml(command)}</pre>`
  return `<section class="appendix">
<h2>${w.e('report.appendix.title')}</h2>
<p>${w.e('report.appendix.intro')}</p>
${step('report.appendix.sums.title', 'report.appendix.sums.text', SHA256SUM_COMMAND)}
${step('report.appendix.signature.title', 'report.appendix.signature.text', OPENSSL_COMMAND)}
${step('report.appendix.key.title', 'report.appendix.key.text', FINGERPRINT_COMMAND, { fingerprint: fingerprint.replaceAll(' ', '') })}
${step('report.appendix.chain.title', 'report.appendix.chain.text', verifyCommand)}
${renderTimestampAppendix((key, params) => w.t(key, params), input.entries)}
<h3>${w.e('report.appendix.limits.title')}</h3>
<p>${w.e('report.appendix.limits.text')}</p>
</section>`
}
