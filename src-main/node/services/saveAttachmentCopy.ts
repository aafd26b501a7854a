import { createHash, randomBytes } from 'node:crypto'
import { open, realpath, rename, rm } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path'
import type { SavedCopyView } from '../../common/contract/EntryPageApi'
import { DalelError } from '../../common/errors/DalelError'
import { TEMP_PREFIX, fsyncDirectory, moveNoReplace, writeAll } from '../fs/durable'
import { fsError } from '../fs/fsError'
import { pathExists } from '../fs/pathExists'
import type { Vault } from '../vault/Vault'

/** Whether `path`'s folder is the vault's folder or inside it (links resolved). */
async function insideVault(vaultDir: string, path: string): Promise<boolean> {
  const [vault, folder] = await Promise.all([
    realpath(vaultDir).catch(() => vaultDir),
    realpath(dirname(path)).catch(() => dirname(path))
  ])
  const inside = relative(vault, folder)
  return inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside))
}

/**
 * Writes one attachment's original bytes, decrypted, to `out` — the one place the person
 * chose in the save dialog — and nowhere else: block by block from the vault into a
 * temporary file beside `out` (never whole in memory), hashed on the way and compared with
 * the SHA-256 the entry recorded, fsynced, then moved into place and the folder fsynced.
 * An existing `out` is refused with `file-exists` unless `overwrite` (the page asks first);
 * a folder inside the vault is refused, so no plaintext lands among the encrypted files.
 * The copy is not encrypted: the page says so before the dialog opens.
 */
export async function saveAttachmentCopy(
  vault: Vault,
  vaultDir: string,
  target: { seq: number; index: number; out: string; overwrite?: boolean }
): Promise<SavedCopyView> {
  const { seq, index, out } = target
  if (!isAbsolute(out) || out.includes('\0') || (await insideVault(vaultDir, out)))
    throw new DalelError('invalid-input', { field: 'out' })
  const attachment = vault.get(String(seq)).entry?.attachments[index]
  if (attachment === undefined) throw new DalelError('entry-not-found', { id: `${seq}/${index}` })
  // Asked before decrypting anything, so a large video is not read only to be refused.
  if (target.overwrite !== true && (await pathExists(out)))
    throw new DalelError('file-exists', { path: out })

  const dir = dirname(out)
  const tempPath = join(dir, `${TEMP_PREFIX}${basename(out)}-${randomBytes(6).toString('hex')}`)
  const hash = createHash('sha256')
  let bytes = 0
  let handle: FileHandle | undefined
  try {
    handle = await open(tempPath, 'wx', 0o600)
    const file = handle
    await vault.streamAttachment(seq, index, async (block) => {
      hash.update(block)
      bytes += block.length
      await writeAll(file, block, tempPath)
    })
    await handle.sync()
    await handle.close()
    handle = undefined
    const sha256 = hash.digest('hex')
    if (sha256 !== attachment.sha256 || bytes !== attachment.size)
      throw new DalelError('vault-corrupt', {
        file: `${seq}/${index}`,
        detail: 'the attachment decrypts, but is not the file recorded'
      })
    if (target.overwrite === true) await rename(tempPath, out)
    else if (!(await moveNoReplace(tempPath, out)))
      throw new DalelError('file-exists', { path: out })
    await fsyncDirectory(dir)
    return { path: out, bytes, sha256 }
  } catch (error) {
    await handle?.close().catch(() => undefined)
    await rm(tempPath, { force: true }).catch(() => undefined)
    throw fsError(error, out)
  }
}
