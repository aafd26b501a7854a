import { basename } from 'node:path'
import type { AttachInput, EntryView } from '../../common/contract/VaultApi'
import { DalelError } from '../../common/errors/DalelError'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import { openRegularFile } from '../fs/openRegularFile'
import type { Vault } from '../vault/Vault'
import { digestFile } from '../vault/fileDigest'
import type { FileDigest } from '../vault/fileDigest'
import { resolveAbout } from './resolveAbout'
import { toView } from './toView'

/** Bytes of the files encrypted so far, of all of them (what a progress bar shows). */
export interface AttachProgress {
  bytesDone: number
  bytesTotal: number
}

/**
 * Hashes files before the vault is open (digestFile, one after another): the CLI runs this
 * while Argon2id derives the key, so that only sealing is left once the vault is open.
 * `signal` stops it between blocks (the unlock failed).
 */
export async function hashAttachmentsAhead(
  paths: readonly string[],
  signal?: AbortSignal
): Promise<FileDigest[]> {
  const digests: FileDigest[] = []
  for (const path of paths) digests.push(await digestFile(path, signal))
  return digests
}

/**
 * Records one file entry holding every given file; without a title, the entry is named after
 * the files. `onProgress` hears the bytes encrypted so far, in order, ending at the total.
 * `digests` are files hashed ahead (hashAttachmentsAhead): a file with one is checked against
 * it while sealed instead of hashed again, and refused with `file-changed` if it differs.
 */
export async function addAttachment(
  vault: Vault,
  input: AttachInput,
  onProgress?: (progress: AttachProgress) => void,
  digests: readonly FileDigest[] = []
): Promise<EntryView> {
  if (input.files.length === 0) throw new DalelError('invalid-input', { field: 'file' })
  // Every file is checked before any is stored, so a FIFO or /proc file among several
  // refuses the whole entry at once; the vault checks the opened descriptor again.
  let bytesTotal = 0
  for (const file of input.files) {
    const { handle, size } = await openRegularFile(file.path)
    await handle.close()
    bytesTotal += size
  }
  const title = input.title ?? input.files.map((f) => f.name ?? basename(f.path)).join(', ')
  return toView(
    await vault.append(
      {
        kind: 'file',
        title,
        ...defined({ occurredAt: input.occurredAt }),
        payload: { ...resolveAbout(vault, input.about), ...defined({ body: input.body }) }
      },
      input.files.map((file) => {
        const digest = digests.find((d) => d.path === file.path)
        return digest === undefined ? file : { ...file, digest }
      }),
      onProgress === undefined
        ? undefined
        : (bytesDone) => {
            // A file that grew since it was measured must not show more than 100 %.
            onProgress({ bytesDone, bytesTotal: Math.max(bytesTotal, bytesDone) })
          }
    )
  )
}
