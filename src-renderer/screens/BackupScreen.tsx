import { useEffect, useState } from 'react'
import type {
  BackupResultView,
  BackupStatusView,
  RemovableDriveView
} from '../../src-main/common/contract/DalelApi'
import { BusyNotice, ErrorNotice } from '../components/Notice'
import { Time } from '../components/Time'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useCall } from '../useCall'
import { entryNumber } from './entryNumber'
import { useProgress } from './useProgress'
import { ProgressBar } from '../components/ProgressBar'
import './handOver.css'

export interface BackupScreenProps {
  bridge: DalelBridge
  onOpen: (seq: number) => void
}

/**
 * Backs the vault up to a USB drive: the removable drives the system reports, each with this
 * vault's last backup on it, or any folder the journalist picks. The files are copied as they
 * are (already encrypted), read back and checked; the previous backup stays valid until the
 * new one has verified, so a pulled drive or a full disk loses nothing.
 */
export function BackupScreen(props: BackupScreenProps): React.JSX.Element {
  const { t, f, locale } = useI18n()
  const { bridge } = props
  const call = useCall()
  const look = useCall()
  const [drives, setDrives] = useState<RemovableDriveView[] | null>(null)
  const [status, setStatus] = useState<BackupStatusView | null>(null)
  const [result, setResult] = useState<BackupResultView | null>(null)
  const [failed, setFailed] = useState(false)
  const [writing, setWriting] = useState<string | null>(null)
  const progress = useProgress(bridge, 'backupProgress')
  const no = (seq: number) => entryNumber(locale, seq)

  // Asked again after each backup and on "Look again" (a drive plugged in meanwhile).
  const [asked, setAsked] = useState(0)
  const refresh = () => {
    setAsked((n) => n + 1)
  }
  const { run } = look
  useEffect(() => {
    let live = true
    const load = async () => {
      const found = await run(() => bridge.removableDrives())
      if (live && found !== null) setDrives(found)
      const known = await run(() => bridge.backupStatus())
      if (live && known !== null) setStatus(known)
    }
    void load()
    return () => {
      live = false
    }
  }, [bridge, run, asked])

  const backUp = async (dir: string) => {
    setResult(null)
    setFailed(false)
    setWriting(dir)
    progress.reset()
    const done = await call.run(() => bridge.backup({ dir }))
    setWriting(null)
    if (done === null) setFailed(true)
    else setResult(done)
    refresh()
  }

  const chooseFolder = async () => {
    const folder = await call.run(() => bridge.chooseFolder({ purpose: 'backup' }))
    if (folder !== null) await backUp(folder)
  }

  const now = new Date()
  return (
    <section className="screen narrow backup" aria-labelledby="backup-title">
      <h1 id="backup-title">{t('ui.backup.title')}</h1>
      <p className="lead">{t('ui.backup.intro')}</p>
      {status !== null && (
        <p className={status.due ? 'notice warning' : 'notice info'}>
          {status.last === null
            ? t('ui.backup.never')
            : t('ui.backup.last', {
                ago: f.relative(status.last.at, now),
                target: status.last.target
              })}{' '}
          {status.due && t('ui.backup.dueHint', { days: f.number(status.warningDays) })}
        </p>
      )}

      <h2>{t('ui.backup.drives')}</h2>
      <ErrorNotice text={look.error} />
      {drives !== null && drives.length === 0 && <p>{t('ui.backup.noDrives')}</p>}
      {drives !== null && drives.length > 0 && (
        <ul className="drive-list">
          {drives.map((drive) => (
            <li key={drive.path}>
              <div>
                <div className="drive-name">{drive.label}</div>
                <div className="code">{drive.path}</div>
                <div className="muted">
                  {drive.lastBackupAt === null ? (
                    t('ui.backup.driveNever')
                  ) : (
                    <>
                      {t('ui.backup.driveLast')} <Time iso={drive.lastBackupAt} /> (
                      {f.relative(drive.lastBackupAt, now)})
                    </>
                  )}
                </div>
              </div>
              <button
                type="button"
                className="primary"
                disabled={call.busy || drive.backupDir === null}
                onClick={() => {
                  if (drive.backupDir !== null) void backUp(drive.backupDir)
                }}
              >
                {t('ui.backup.toDrive', { drive: drive.label })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={call.busy}
          onClick={() => void chooseFolder()}
        >
          {t('ui.backup.chooseFolder')}
        </button>
        <button type="button" className="link" disabled={look.busy} onClick={refresh}>
          {t('ui.backup.refresh')}
        </button>
      </div>

      <BusyNotice
        text={
          writing !== null
            ? `${t('ui.backup.writingTo', { dir: writing })} ${progress.text('ui.backup.busy', 'ui.backup.progress')}`
            : null
        }
      />
      {writing !== null && (
        <ProgressBar last={progress.last} label={t('ui.backup.progressLabel')} />
      )}
      {failed && call.error !== null && (
        <div className="notice error" role="alert">
          <p>{call.error}</p>
          <p>{t('ui.backup.nothingLost')}</p>
        </div>
      )}
      {!failed && <ErrorNotice text={call.error} />}
      {result !== null && (
        <div className="notice success" role="status">
          <p>
            {t('ui.backup.done', {
              dir: result.dir,
              written: f.number(result.filesWritten),
              reused: f.number(result.filesReused),
              size: f.bytes(result.bytesWritten)
            })}
          </p>
          <p>{t('ui.backup.doneNext')}</p>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              props.onOpen(result.custody.seq)
            }}
          >
            {t('ui.exportDone.openCustody', { seq: no(result.custody.seq) })}
          </button>
        </div>
      )}
    </section>
  )
}
