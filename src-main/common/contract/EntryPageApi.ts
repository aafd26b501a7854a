// What the entry page reads beyond the entry itself: its own check against the chain, a
// capture's request log, and where a copy of an attachment was saved.

/** The check of one entry the page runs when it opens (services/checkEntry). */
export interface EntryCheckView {
  seq: number
  /** when this check ran (UTC ISO 8601): it is the moment the page opened */
  checkedAt: string
  /**
   * What is wrong with the entry's own link, as verify names it ('commitment-mismatch',
   * 'chain-mismatch', 'bad-signature', 'malformed-link'); [] when the entry hash, the chain
   * hash from the entry before and the signature all hold.
   */
  problems: string[]
  /** false for a withdrawn entry: its content is destroyed, so only its link and signature are checked */
  contentChecked: boolean
  /** the last verification of the whole vault since it was unlocked, or null when none ran */
  vault: { at: string; ok: boolean; problemsHere: number } | null
}

/** One request of a capture's log (its HAR attachment), as the page lists it. */
export interface CaptureRequestView {
  method: string
  url: string
  /** 0 when no answer came (the request failed; `error` says why) */
  status: number
  /** the response's media type, '' when none */
  mediaType: string
  /** bytes received over the network, or the body's size where that is all the log has; -1 unknown */
  bytes: number
  error?: string
}

/** The request log of a capture, first requests first; at most `limit` of `total`. */
export interface CaptureRequestsView {
  requests: CaptureRequestView[]
  total: number
}

/** Where a decrypted copy of an attachment now is, and that it is the recorded file. */
export interface SavedCopyView {
  path: string
  bytes: number
  /** of the written copy: the attachment's recorded SHA-256, or the save failed */
  sha256: string
}
