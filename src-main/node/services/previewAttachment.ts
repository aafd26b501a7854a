import { isImageType, sniffImage } from '../../common/media/sniffImage'
import type { ServiceScope } from './ServiceScope'

/** Attachments at most this large are previewed; a bigger image is opened from an export. */
export const PREVIEW_MAX_BYTES = 64 * 1024 * 1024

/**
 * One attachment's bytes for an <img> in the page, from memory (never a temporary file):
 * only images, only while the vault is unlocked, only up to PREVIEW_MAX_BYTES, and only
 * when the bytes are the image type the entry records. Anything else is null, which the
 * protocol handler answers with 404.
 */
export async function previewAttachment(
  scope: ServiceScope,
  seq: number,
  index: number
): Promise<{ bytes: Uint8Array; mediaType: string } | null> {
  if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(index) || seq < 1 || index < 0)
    return null
  try {
    const vault = scope.vault()
    const attachment = vault.get(String(seq)).entry?.attachments[index]
    if (attachment === undefined) return null
    if (!isImageType(attachment.mediaType) || attachment.size > PREVIEW_MAX_BYTES) return null
    const bytes = await vault.readAttachment(seq, index)
    if (sniffImage(bytes) !== attachment.mediaType) return null
    return { bytes, mediaType: attachment.mediaType }
  } catch {
    return null // locked, withdrawn, missing or unreadable: nothing to show
  }
}
