import { useEffect, useState } from 'react'
import type { Settings } from '../../src-main/common/contract/DalelApi'
import { Field } from '../components/Field'
import { FormFooter } from '../components/FormFooter'
import { NewPassphraseFields, newPassphraseProblem } from '../components/NewPassphraseFields'
import { ErrorNotice } from '../components/Notice'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { LANGUAGES } from '../i18n/translate'
import type { Locale } from '../i18n/translate'
import { LOCK_SHORTCUT } from '../navigation/shortcuts'
import { useCall } from '../useCall'
import { TrustedTimeSettings } from './TrustedTimeSettings'

export interface SettingsScreenProps {
  bridge: DalelBridge
  onLanguage: (locale: Locale) => void
}

/** Language, auto-lock, the backup reminder, the passphrase, and the panic lock's keys. */
export function SettingsScreen(props: SettingsScreenProps): React.JSX.Element {
  const { t, locale } = useI18n()
  const load = useCall()
  const save = useCall()
  const { bridge } = props
  const { run: loadRun } = load
  const [settings, setSettings] = useState<Settings | null>(null)
  const [lockMinutes, setLockMinutes] = useState('')
  const [reminderDays, setReminderDays] = useState('')
  const [keepLogins, setKeepLogins] = useState(false)
  const [saved, setSaved] = useState(false)

  useEffect(() => {
    let current = true
    const read = async () => {
      const found = await loadRun(() => bridge.getSettings())
      if (!current || found === null) return
      setSettings(found)
      setLockMinutes(String(found.autoLockMinutes))
      setReminderDays(String(found.backupWarningDays))
      setKeepLogins(found.keepCaptureLogins)
    }
    void read()
    return () => {
      current = false
    }
  }, [bridge, loadRun])

  const submit = async () => {
    const minutes = Number(lockMinutes)
    const days = Number(reminderDays)
    if (!/^\d+$/.test(lockMinutes.trim()) || minutes > 24 * 60) {
      save.setError('ui.settings.badMinutes')
      return
    }
    if (!/^\d+$/.test(reminderDays.trim()) || days < 1 || days > 3650) {
      save.setError('ui.settings.badDays')
      return
    }
    const next = await save.run(() =>
      bridge.setSettings({
        autoLockMinutes: minutes,
        backupWarningDays: days,
        keepCaptureLogins: keepLogins
      })
    )
    if (next !== null) {
      setSettings(next)
      setSaved(true)
    }
  }

  return (
    <section className="screen narrow" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('ui.settings.title')}</h1>
      <ErrorNotice text={load.error} />
      <div className="field settings-language">
        <label htmlFor="settings-language">{t('app.language')}</label>
        <select
          id="settings-language"
          value={locale}
          onChange={(event) => {
            props.onLanguage(event.target.value as Locale)
          }}
        >
          {LANGUAGES.map((language) => (
            <option key={language.locale} value={language.locale} lang={language.locale}>
              {language.name}
            </option>
          ))}
        </select>
      </div>
      {settings !== null && (
        <form
          className="form settings"
          onChange={() => {
            save.setError(null)
            setSaved(false)
          }}
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
        >
          <Field
            label={t('ui.settings.autoLock')}
            short
            value={lockMinutes}
            onChange={setLockMinutes}
            hint={t('ui.settings.autoLockHint')}
          />
          <Field
            label={t('ui.settings.backupDays')}
            short
            value={reminderDays}
            onChange={setReminderDays}
            hint={t('ui.settings.backupDaysHint')}
          />
          <div className="field">
            <label className="check">
              <input
                type="checkbox"
                checked={keepLogins}
                aria-describedby="settings-keep-logins-hint"
                onChange={(event) => {
                  setKeepLogins(event.target.checked)
                }}
              />
              {t('ui.settings.keepLogins')}
            </label>
            <p className="hint" id="settings-keep-logins-hint">
              {t('ui.settings.keepLoginsHint')}
            </p>
          </div>
          {saved && (
            <p className="notice success" role="status">
              {t('ui.settings.saved')}
            </p>
          )}
          <FormFooter
            error={save.error}
            busy={save.busy}
            busyText={t('ui.form.saving')}
            submitLabel={t('ui.settings.save')}
            other={null}
          />
        </form>
      )}
      <TrustedTimeSettings bridge={bridge} />
      <h2>{t('ui.settings.panicTitle')}</h2>
      <p>
        {t('ui.settings.panic')} <kbd>{LOCK_SHORTCUT.label}</kbd>
      </p>
      <ChangePassphrase bridge={bridge} />
    </section>
  )
}

/** Current passphrase (or the recovery code), the new one twice. */
function ChangePassphrase({ bridge }: { bridge: DalelBridge }): React.JSX.Element {
  const { t } = useI18n()
  const call = useCall()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [done, setDone] = useState(false)

  const submit = async () => {
    if (current === '') {
      call.setError('ui.unlock.needPassphrase')
      return
    }
    const problem = newPassphraseProblem(next, repeat)
    if (problem !== null) {
      call.setError(problem.key, problem.params)
      return
    }
    const changed = await call.run(() =>
      bridge.changePassphrase({ current: { passphrase: current }, next })
    )
    setCurrent('')
    if (changed !== null) {
      setNext('')
      setRepeat('')
      setDone(true)
    }
  }

  return (
    <form
      className="form"
      aria-labelledby="passwd-title"
      onChange={() => {
        call.setError(null)
        setDone(false)
      }}
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <h2 id="passwd-title">{t('ui.passwd.title')}</h2>
      <p className="lead">{t('ui.passwd.intro')}</p>
      <Field
        label={t('ui.passwd.current')}
        type="password"
        value={current}
        onChange={setCurrent}
        autoComplete="current-password"
      />
      <NewPassphraseFields
        label={t('ui.passwd.next')}
        value={next}
        repeat={repeat}
        onChange={setNext}
        onRepeat={setRepeat}
      />
      {done && (
        <p className="notice success" role="status">
          {t('ui.passwd.done')}
        </p>
      )}
      <FormFooter
        error={call.error}
        busy={call.busy}
        busyText={t('ui.passwd.busy')}
        submitLabel={t('ui.passwd.submit')}
        other={null}
      />
    </form>
  )
}
