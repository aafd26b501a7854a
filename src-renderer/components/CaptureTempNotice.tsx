import { useCallback } from 'react'
import type { DalelBridge } from '../dalelBridge'
import { useI18n } from '../i18n/I18n'
import { useLoad } from '../useLoad'

/**
 * A calm word on the capture screen when this computer has no RAM directory for a capture's
 * passing files (macOS, Windows, a small /dev/shm): the page passes through the system's temp
 * folder for a moment, and full-disk encryption is what protects it there. Nothing while the
 * answer is unknown, or when the files stay in RAM.
 */
export function CaptureTempNotice({ bridge }: { bridge: DalelBridge }): React.JSX.Element | null {
  const { t } = useI18n()
  const { value } = useLoad(useCallback(() => bridge.captureTempDir(), [bridge]))
  if (value === null || value.inRam) return null
  return <p className="notice info capture-temp">{t('ui.capture.tempOnDisk')}</p>
}
