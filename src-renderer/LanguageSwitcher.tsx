import { LANGUAGES, translate, type Locale } from './i18n/translate'

export interface LanguageSwitcherProps {
  locale: Locale
  onChange: (locale: Locale) => void
}

export function LanguageSwitcher({ locale, onChange }: LanguageSwitcherProps): React.JSX.Element {
  return (
    <nav className="language-switcher" aria-label={translate(locale, 'app.language')}>
      {LANGUAGES.map((language) => (
        <button
          key={language.locale}
          type="button"
          lang={language.locale}
          aria-pressed={language.locale === locale}
          onClick={() => {
            onChange(language.locale)
          }}
        >
          {language.name}
        </button>
      ))}
    </nav>
  )
}
