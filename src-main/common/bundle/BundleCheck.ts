// What checkBundle returns: the problems found and what could be read of the bundle.
import type { ChainLink } from '../chain/ChainLink'
import type { BundleManifest } from './bundleLayout'
import type { BundleProblem } from './ScannedBundle'

/** A file of the bundle as read: its hash and size, and its bytes if it is one verification parses. */
export interface BundleFileDigest {
  sha256: string
  size: number
  bytes?: Uint8Array
}

export interface BundleCheck {
  problems: BundleProblem[]
  /** null when manifest.json is missing or invalid */
  manifest: BundleManifest | null
  /** lines of chain.jsonl read */
  chainLength: number
  /** the disclosed entries whose every check held */
  verifiedEntries: number[]
  /** chain.jsonl's links as read (timestamps/ statements are checked against them) */
  links: ChainLink[]
  /**
   * Each disclosed attachment's recorded name (entry.json's attachment list) by its path in
   * the bundle: files are named `<index>.<ext>` there (attachmentFileName), and every verifier
   * shows the name beside the path. Only names an entry.json that parsed holds; trust them as
   * far as that entry verified.
   */
  attachmentNames: AttachmentName[]
}

export interface AttachmentName {
  seq: number
  /** the file's path in the bundle, as the manifest lists it */
  path: string
  /** the name the file was recorded under */
  name: string
}
