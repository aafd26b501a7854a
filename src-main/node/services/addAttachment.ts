import { basename } from 'node:path'
import type { AttachInput, EntryView } from '../../common/contract/VaultApi'
import { DalelError } from '../../common/errors/DalelError'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import { openRegularFile } from '../fs/openRegularFile'
import type { Vault } from '../vault/Vault'
import { resolveAbout } from './resolveAbout'
import { toView } from './toView'

/** Bytes of the files encrypted so far, of all of them (what a progress bar shows). */
export interface AttachProgress {
  bytesDone: number
  bytesTotal: number
}

/**
 * Records one file entry holding every given file; without a title, the entry is named after
 * the files. `onProgress` hears the bytes encrypted so far, in order, ending at the total.
 */
export async function addAttachment(
  vault: Vault,
  input: AttachInput,
  onProgress?: (progress: AttachProgress) => void
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
      input.files,
      onProgress === undefined
        ? undefined
        : (bytesDone) => {
            // A file that grew since it was measured must not show more than 100 %.
            onProgress({ bytesDone, bytesTotal: Math.max(bytesTotal, bytesDone) })
          }
    )
  )
}
