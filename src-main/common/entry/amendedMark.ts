import type { MessageKey, MessageParams } from '../i18n/translate'

type Translate = (key: MessageKey, params?: MessageParams) => string

/**
 * The reason as it reads inside the mark's brackets: on one line, and without a pair of
 * brackets the journalist already typed around all of it, so "(typo)" never prints as
 * "((typo))". Brackets inside the reason are the journalist's words and stay.
 */
export function reasonInMark(reason: string): string {
  let text = reason.replace(/\s+/g, ' ').trim()
  while (text.startsWith('(') && closingBracket(text) === text.length - 1)
    text = text.slice(1, -1).trim()
  return text
}

/** Where the bracket opening `text` closes, or -1 when it never does. */
function closingBracket(text: string): number {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++
    else if (text[i] === ')' && --depth === 0) return i
  }
  return -1
}

/**
 * "as amended by №N (reason)" beside a corrected value, the words every face uses: `dalel
 * show`, report.pdf, verify.html and the app's entry page. An amendment without a reason (the
 * service refuses one; a bundle is untrusted) reads "as amended by №N", never with "()".
 */
export function amendedMark(t: Translate, seq: number, reason: string): string {
  const text = reasonInMark(reason)
  return text === ''
    ? t('entry.asAmendedNoReason', { seq })
    : t('entry.asAmended', { seq, reason: text })
}
