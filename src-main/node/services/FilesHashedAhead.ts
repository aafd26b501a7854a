import { digestFile } from '../vault/fileDigest'
import type { FileDigest } from '../vault/fileDigest'

interface Ahead {
  readonly stop: AbortController
  digest: FileDigest | null
}

/**
 * Files the journalist chose to attach, hashed while the attach form is filled in — the app's
 * counterpart of the command line hashing while Argon2id runs (issue 12 item 16). Saving then
 * seals each file checking it block by block against its digest (CRC-32, a sixth of SHA-256's
 * cost) instead of hashing it: on this 2-core machine a saved GiB needs ~0.6 s less CPU, on a
 * processor without SHA extensions (most laptops from before 2019) seconds less.
 *
 * One file at a time, on the calling thread, in 4 MiB steps (digestFile). A file not hashed
 * whole by the time it is saved is hashed while it is sealed, as without this; a file that
 * cannot be read is left to the save, which says why. Digests stay in memory only, until the
 * file is saved or the vault locks (`clear`).
 */
export class FilesHashedAhead {
  private readonly files = new Map<string, Ahead>()
  private queue: Promise<void> = Promise.resolve()

  /** Starts hashing the files not hashed or being hashed yet; settles when all given are done. */
  start(paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      if (this.files.has(path)) continue
      const ahead: Ahead = { stop: new AbortController(), digest: null }
      this.files.set(path, ahead)
      this.queue = this.after(this.queue, ahead, path)
    }
    return this.queue
  }

  /** Hashes `path` once `before` (the files given earlier) is done, unless stopped meanwhile. */
  private async after(before: Promise<void>, ahead: Ahead, path: string): Promise<void> {
    await before
    if (ahead.stop.signal.aborted) return
    try {
      ahead.digest = await digestFile(path, ahead.stop.signal)
    } catch {
      // Stopped, or unreadable now: the save reads it again and reports what it finds.
    }
  }

  /**
   * The digests of these files that are ready, and forgets them all; a file still being hashed
   * is stopped (the save hashes it itself).
   */
  take(paths: readonly string[]): FileDigest[] {
    // A path given twice gives its digest once.
    const ready = [...new Set(paths)].flatMap((path) => this.files.get(path)?.digest ?? [])
    this.forget(paths)
    return ready
  }

  /**
   * Stops hashing these files, or every file, and forgets their digests (the journalist removed
   * them from the form or left it; the vault locks); gives how many were forgotten.
   */
  forget(paths?: readonly string[]): number {
    const gone = paths ?? [...this.files.keys()]
    let forgotten = 0
    for (const path of gone) {
      const ahead = this.files.get(path)
      if (ahead === undefined) continue
      ahead.stop.abort()
      this.files.delete(path)
      forgotten++
    }
    return forgotten
  }
}
