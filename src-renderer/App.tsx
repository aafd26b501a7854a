import { useEffect, useMemo, useState } from 'react'
import { ErrorNotice } from './components/Notice'
import { getDalelBridge } from './dalelBridge'
import { I18nContext, i18nFor } from './i18n/I18n'
import { pickLocale, translate } from './i18n/translate'
import type { Locale } from './i18n/translate'
import { Workspace } from './Workspace'

/** The page's language, and the workspace once the bridge to the main process is there. */
export function App(): React.JSX.Element {
  const bridge = getDalelBridge()
  const [locale, setLocale] = useState<Locale>(() => pickLocale(navigator.language))
  const i18n = useMemo(() => i18nFor(locale), [locale])

  useEffect(() => {
    document.documentElement.lang = locale
    document.title = translate(locale, 'app.name')
  }, [locale])

  return (
    <I18nContext.Provider value={i18n}>
      {bridge === null ? (
        <main className="app-main">
          <ErrorNotice text={i18n.t('ui.noBridge')} />
        </main>
      ) : (
        <Workspace bridge={bridge} setLocale={setLocale} />
      )}
    </I18nContext.Provider>
  )
}
