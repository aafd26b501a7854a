import { basename } from 'node:path'
import type { AttachInput, EntryView } from '../../common/contract/VaultApi'
import { DalelError } from '../../common/errors/DalelError'
import { withoutUndefined as defined } from '../../common/util/withoutUndefined'
import { openRegularFile } from '../fs/openRegularFile'
import type { Vault } from '../vault/Vault'
import { resolveAbout } from './resolveAbout'
import { toView } from './toView'

/**
 * Records one file entry holding every given file; without a title, the entry is named after
 * the files.
 */
export async function addAttachment(vault: Vault, input: AttachInput): Promise<EntryView> {
  if (input.files.length === 0) throw new DalelError('invalid-input', { field: 'file' })
  // Every file is checked before any is stored, so a FIFO or /proc file among several
  // refuses the whole entry at once; the vault checks the opened descriptor again.
  for (const file of input.files) {
    const { handle } = await openRegularFile(file.path)
    await handle.close()
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
      input.files
    )
  )
}
