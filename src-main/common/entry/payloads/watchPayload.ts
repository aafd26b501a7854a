// The watch list, kept as entries in the vault.

/** One address on the watch list, probed every `everySeconds` while the vault is unlocked. */
export interface WatchedUrl {
  url: string
  everySeconds: number
}

/**
 * The watch list after one change (docs/FORMATS.md "The watch list"): the newest `watch`
 * entry that is not withdrawn is the list the app probes. `change` and `url` say what this
 * entry changed, so the chain reads as a log of when watching began and ended.
 */
export interface WatchPayload {
  change: 'add' | 'remove'
  url: string
  /** the whole list after the change, in the order the addresses were added */
  watched: WatchedUrl[]
}
