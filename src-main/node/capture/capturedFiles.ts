import { utf8 } from '../../common/encoding/bytes'
import type { AttachmentRole, CapturedCertificate } from '../../common/entry/Entry'
import type { Har } from './buildHar'
import { pemChain } from './certificates'

/** A file of a capture, made in memory; it reaches the disk only encrypted, in the vault. */
export interface CapturedFile {
  bytes: Uint8Array
  name: string
  role: AttachmentRole
  mediaType: string
}

export function capturedFile(
  bytes: Uint8Array,
  name: string,
  role: AttachmentRole,
  mediaType: string
): CapturedFile {
  return { bytes, name, role, mediaType }
}

/** The HAR and the certificate chain (PEM, leaf first): what even a failed capture has. */
export function networkFiles(
  har: Har,
  certificates: readonly CapturedCertificate[]
): CapturedFile[] {
  const files = [
    capturedFile(utf8(JSON.stringify(har, null, 2)), 'requests.har', 'har', 'application/json')
  ]
  if (certificates.length > 0)
    files.push(
      capturedFile(
        utf8(pemChain(certificates)),
        'certificates.pem',
        'certificate',
        'application/x-pem-file'
      )
    )
  return files
}
