import type { PageLocale } from '../pageMessages'
import { PAGE_LOCALES } from '../pageMessages'
import type { PageT } from './entryText'
import { h } from './h'

const LANGUAGE_NAMES: Record<PageLocale, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' }

/** The title and the language switch, each language named in itself. */
export function renderHeader(
  locale: PageLocale,
  t: PageT,
  onLocale: (locale: PageLocale) => void
): HTMLElement {
  const switcher = h('div', { class: 'languages', role: 'group', 'aria-label': t('app.language') })
  for (const each of PAGE_LOCALES) {
    const button = h(
      'button',
      {
        type: 'button',
        lang: each,
        'data-locale': each,
        'aria-pressed': String(each === locale)
      },
      LANGUAGE_NAMES[each]
    )
    button.addEventListener('click', () => {
      onLocale(each)
    })
    switcher.append(button)
  }
  return h('header', {}, h('h1', {}, t('verifyPage.title')), switcher)
}
