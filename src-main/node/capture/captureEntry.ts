import type { EntryDraft, RecheckResult } from '../../common/entry/Entry'
import type { AttachmentInput } from '../vault/Vault'
import type { PageCapture } from './capturePage'

const TITLE_LIMIT = 300

/** The entry title: the page's own title, else the address; one line, of sensible length. */
export function captureTitle(capture: PageCapture): string {
  const p = capture.payload
  const title = (p.title ?? '').replace(/\s+/gu, ' ').trim()
  const chosen = title !== '' ? title : (p.finalUrl ?? p.requestedUrl)
  return chosen.length > TITLE_LIMIT ? `${chosen.slice(0, TITLE_LIMIT - 1)}…` : chosen
}

/** A capture as what the vault appends: a web-capture draft and its files, from memory. */
export function captureEntry(
  capture: PageCapture,
  recheck?: RecheckResult
): { draft: EntryDraft; files: AttachmentInput[] } {
  return {
    draft: {
      kind: 'web-capture',
      title: captureTitle(capture),
      payload: { ...capture.payload, ...(recheck !== undefined ? { recheck } : {}) }
    },
    files: capture.files.map((f) => ({
      bytes: f.bytes,
      name: f.name,
      role: f.role,
      mediaType: f.mediaType
    }))
  }
}
