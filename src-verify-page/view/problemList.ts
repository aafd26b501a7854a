import type { MessageKey } from '../../src-main/common/i18n/translate'
import type { BundleProblem } from '../../src-main/common/bundle/ScannedBundle'
import { hasPageMessage } from '../pageMessages'
import type { PageT } from './entryText'
import { h } from './h'

function problemText(problem: BundleProblem, t: PageT): string {
  const key = `bundleProblem.${problem.code}`
  // A code added after this page was built has no translation in it: the English detail
  // is still better than nothing.
  return hasPageMessage(key) ? t(key as MessageKey) : `${problem.code}: ${problem.detail}`
}

/** Problems as sentences, each with its file and entry; at most `limit`, then a count. */
export function problemList(
  problems: readonly BundleProblem[],
  t: PageT,
  limit = 200
): HTMLElement {
  const list = h('ul', { class: 'problems' })
  for (const problem of problems.slice(0, limit)) {
    list.append(
      h(
        'li',
        { 'data-code': problem.code },
        h('span', { class: 'problem-text' }, problemText(problem, t)),
        problem.file !== undefined ? h('code', { class: 'problem-file' }, problem.file) : null,
        problem.seq !== undefined
          ? h('span', { class: 'problem-seq' }, t('verifyPage.seq', { seq: problem.seq }))
          : null
      )
    )
  }
  if (problems.length > limit) list.append(h('li', {}, `… +${problems.length - limit}`))
  return list
}
