// What a file's first bytes say it is, for the few types where they are unambiguous. One
// place for the signatures: attach (the recorded media type), the report (which images it
// embeds) and the app's previews (only bytes that really are the recorded image) all ask here.

/** Raster images a page may show. SVG is not one: it is a document that can carry script. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const
export type ImageType = (typeof IMAGE_TYPES)[number]

export function isImageType(mediaType: string): mediaType is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(mediaType.toLowerCase())
}

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte)
}

const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0))
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]
const GIF = ascii('GIF8')
const RIFF = ascii('RIFF')
const WEBP = ascii('WEBP')
const PDF = ascii('%PDF-')

/**
 * The image type an image's bytes really are, from its signature; null if not one we show.
 * @param head the file's first bytes (12 are enough)
 */
export function sniffImage(head: Uint8Array): ImageType | null {
  if (startsWith(head, PNG)) return 'image/png'
  if (startsWith(head, JPEG)) return 'image/jpeg'
  if (startsWith(head, GIF)) return 'image/gif'
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp'
  return null
}

/** sniffImage, and PDF as well: the types a file's content names whatever its file name. */
export function sniffContentType(head: Uint8Array): ImageType | 'application/pdf' | null {
  return sniffImage(head) ?? (startsWith(head, PDF) ? 'application/pdf' : null)
}
