import { useI18n } from '../i18n/I18n'

export interface StartAsideProps {
  onGo: (screen: 'verifyBundle' | 'restore') => void
}

/**
 * The ways in that need no vault, under the unlock and create screens: a lawyer at the
 * journalist's laptop checks a bundle without opening the vault; a journalist on a new
 * laptop starts from the backup.
 */
export function StartAside({ onGo }: StartAsideProps): React.JSX.Element {
  const { t } = useI18n()
  return (
    <p className="start-aside">
      {(
        [
          ['verifyBundle', 'ui.verifyBundle.fromStart'],
          ['restore', 'ui.restore.fromStart']
        ] as const
      ).map(([screen, label]) => (
        <button
          key={screen}
          type="button"
          className="link"
          onClick={() => {
            onGo(screen)
          }}
        >
          {t(label)}
        </button>
      ))}
    </p>
  )
}
