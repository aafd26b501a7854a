import type { DalelEvents, EventName } from '../common/contract/DalelApi'
import type { MessageKey, MessageParams } from '../common/i18n/translate'

type Emit = <E extends EventName>(event: E, payload: DalelEvents[E]) => void

/**
 * The system notification for a watched address whose state changed, or null for a probe
 * that changed nothing. It does not name the address: the system keeps notifications in
 * its own history, on disk and outside the vault, where a seized laptop would show which
 * sites the journalist watches. The app's own notice (in the page) names it.
 */
export function watchNotification(
  t: (key: MessageKey, params?: MessageParams) => string,
  event: DalelEvents['watchProbe']
): { title: string; body: string } | null {
  if (event.before === undefined) return null
  return {
    title: t('desktop.watch.notifyTitle'),
    body: t('desktop.watch.notifyBody', { after: t(`status.${event.after}`) })
  }
}

/** `emit`, also showing a system notification for each change of a watched address. */
export function emitWithWatchNotifications(
  emit: Emit,
  t: (key: MessageKey, params?: MessageParams) => string,
  show: (notification: { title: string; body: string }) => void
): Emit {
  return (event, payload) => {
    emit(event, payload)
    if (event !== 'watchProbe') return
    const notification = watchNotification(t, payload as DalelEvents['watchProbe'])
    if (notification !== null) show(notification)
  }
}
