import { useI18n } from '../i18n/I18n'

export function VersionLine({ version }: { version: string }): React.JSX.Element {
  const { t } = useI18n()
  return <span>{t('app.version', { version })}</span>
}
