import { useEffect, useState } from 'react'
import { getDalelBridge } from './dalelBridge'
import { pickLocale, translate, type Locale } from './i18n/translate'
import { LanguageSwitcher } from './LanguageSwitcher'

export function App(): React.JSX.Element {
  const [locale, setLocale] = useState<Locale>(() => pickLocale(navigator.language))
  const bridge = getDalelBridge()

  useEffect(() => {
    document.documentElement.lang = locale
    document.title = translate(locale, 'app.name')
  }, [locale])

  return (
    <div className="app">
      <header className="app-header">
        <LanguageSwitcher locale={locale} onChange={setLocale} />
      </header>
      <main className="app-main">
        <h1>{translate(locale, 'app.name')}</h1>
        <p className="tagline">{translate(locale, 'app.tagline')}</p>
      </main>
      {bridge !== null && (
        <footer className="app-footer">
          {translate(locale, 'app.version', { version: bridge.version })}
        </footer>
      )}
    </div>
  )
}
