import { useState } from 'react'
import type { Attachment, Entry } from '../../../src-main/common/entry/Entry'
import { attachmentUrl } from '../../dalelBridge'
import { useI18n } from '../../i18n/I18n'

/** The pictures an entry has: a capture's full page and visible part, or images it holds. */
function picturesOf(entry: Entry): { attachment: Attachment; index: number }[] {
  const all = entry.attachments.map((attachment, index) => ({ attachment, index }))
  const full = all.filter(({ attachment }) => attachment.role === 'screenshot-full')
  const viewport = all.filter(({ attachment }) => attachment.role === 'screenshot-viewport')
  const images = all.filter(
    ({ attachment }) => attachment.role === 'original' && attachment.mediaType.startsWith('image/')
  )
  return [...full, ...viewport, ...images]
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1)

/**
 * An entry's pictures, a capture's full page first, in a frame that scrolls: a tall page is
 * shown as wide as the frame (or at its actual size) and scrolled through, never shrunk to
 * a strip. The frame takes the keyboard focus, so arrow keys and Page Down scroll it.
 */
export function ScreenshotViewer({
  seq,
  entry
}: {
  seq: number
  entry: Entry
}): React.JSX.Element | null {
  const { t, f } = useI18n()
  const pictures = picturesOf(entry)
  const [shown, setShown] = useState(0)
  const [actualSize, setActualSize] = useState(false)
  const [failed, setFailed] = useState<ReadonlySet<number>>(new Set())
  const picture = pictures[shown] ?? pictures[0]
  if (picture === undefined) return null
  const { attachment, index } = picture
  const scale = entry.kind === 'web-capture' ? entry.payload.viewport.deviceScaleFactor : 1
  const name = capitalised(t(`report.role.${attachment.role}`))
  const size =
    attachment.width !== undefined && attachment.height !== undefined
      ? t('ui.entry.viewer.pixels', {
          width: f.number(attachment.width),
          height: f.number(attachment.height)
        })
      : null
  return (
    <figure className="screenshot">
      {pictures.length > 1 && (
        <div className="viewer-choice" role="group" aria-label={t('report.section.images')}>
          {pictures.map((p, i) => (
            <button
              key={p.index}
              type="button"
              className="secondary"
              aria-pressed={i === shown}
              onClick={() => {
                setShown(i)
              }}
            >
              {p.attachment.role === 'original'
                ? p.attachment.name
                : capitalised(t(`report.role.${p.attachment.role}`))}
            </button>
          ))}
        </div>
      )}
      {failed.has(index) ? (
        <p className="notice info">{t('ui.entry.viewer.noPreview')}</p>
      ) : (
        <div
          className={`viewer ${actualSize ? 'actual' : 'fit'}`}
          tabIndex={0}
          role="region"
          aria-label={t('ui.entry.viewer.label', { what: name })}
        >
          <img
            key={index}
            src={attachmentUrl(seq, index)}
            alt={t('ui.entry.screenshotAlt', { title: entry.title })}
            style={
              actualSize && attachment.width !== undefined
                ? { width: `${attachment.width / scale}px` }
                : undefined
            }
            onError={() => {
              setFailed(new Set([...failed, index]))
            }}
          />
        </div>
      )}
      <figcaption>
        <span>{[attachment.name, size].filter((part) => part !== null).join(' · ')}</span>
        {!failed.has(index) && (
          <button
            type="button"
            className="link"
            aria-pressed={actualSize}
            onClick={() => {
              setActualSize(!actualSize)
            }}
          >
            {t('ui.entry.viewer.actualSize')}
          </button>
        )}
      </figcaption>
    </figure>
  )
}
