import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { utf8 } from '../../common/encoding/bytes'
import { DalelError } from '../../common/errors/DalelError'
import { writeFileDurably } from '../fs/durable'
import { fsError } from '../fs/fsError'
import { parseVaultHeader, serializeVaultHeader } from './vaultHeader'
import type { VaultHeader } from './vaultHeader'
import { VAULT_FILE } from './vaultTypes'

/** Reads and checks vault.json; a directory without one is not a vault. */
export async function readHeaderFile(dir: string): Promise<VaultHeader> {
  let text: string
  try {
    text = await readFile(join(dir, VAULT_FILE), 'utf8')
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    ) {
      throw new DalelError('vault-not-found', { path: dir })
    }
    throw fsError(error, join(dir, VAULT_FILE))
  }
  return parseVaultHeader(text)
}

/** Writes vault.json durably (temp file, fsync, rename, fsync the directory). */
export async function writeHeaderFile(dir: string, header: VaultHeader): Promise<void> {
  await writeFileDurably(join(dir, VAULT_FILE), utf8(serializeVaultHeader(header)))
}
