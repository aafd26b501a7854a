import { execFile } from 'node:child_process'
import { readFile, readdir, realpath } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { BackupIo } from './backupIo'
import { readBackupManifest } from './backupVault'

/** Where the app keeps a vault's backup on a drive: `<drive>/Dalel/<vaultId>`. */
export const BACKUP_FOLDER = 'Dalel'

export interface RemovableDrive {
  /** the mount point or drive letter root */
  path: string
  label: string
}

/** Decodes the octal escapes (\040 for a space) of /proc/mounts. */
function unescapeMount(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(parseInt(octal, 8))
  )
}

/** Linux: what desktop environments mount under /media/<user>/ or /run/media/<user>/. */
export function removableFromProcMounts(mounts: string): RemovableDrive[] {
  const drives: RemovableDrive[] = []
  for (const line of mounts.split('\n')) {
    const mountPoint = line.split(' ')[1]
    if (mountPoint === undefined) continue
    const path = unescapeMount(mountPoint)
    if (path.startsWith('/media/') || path.startsWith('/run/media/')) {
      drives.push({ path, label: path.split('/').pop() ?? path })
    }
  }
  return drives
}

/**
 * The removable drives a backup can go to: Linux `/media` and `/run/media` mounts, macOS
 * `/Volumes` (less the start-up disk), Windows drive letters of type "removable".
 */
export async function listRemovableDrives(
  platform: NodeJS.Platform = process.platform
): Promise<RemovableDrive[]> {
  switch (platform) {
    case 'linux':
      return removableFromProcMounts(await readFile('/proc/mounts', 'utf8').catch(() => ''))
    case 'darwin': {
      const drives: RemovableDrive[] = []
      for (const name of await readdir('/Volumes').catch(() => [])) {
        const path = join('/Volumes', name)
        // The start-up disk appears in /Volumes as a link to /.
        if ((await realpath(path).catch(() => '/')) !== '/') drives.push({ path, label: name })
      }
      return drives
    }
    case 'win32': {
      const { stdout } = await promisify(execFile)(
        'powershell.exe',
        [
          '-NoProfile',
          '-Command',
          'Get-CimInstance Win32_LogicalDisk -Filter "DriveType=2" | ForEach-Object { $_.DeviceID + "|" + $_.VolumeName }'
        ],
        { windowsHide: true }
      ).catch(() => ({ stdout: '' }))
      return stdout
        .split(/\r?\n/)
        .filter((line) => /^[A-Z]:\|/.test(line))
        .map((line) => {
          const [letter = '', label = ''] = line.split('|')
          return { path: `${letter}\\`, label: label || letter }
        })
    }
    default:
      return []
  }
}

export interface DriveBackupStatus {
  drive: RemovableDrive
  /** the backup directory of this vault on the drive */
  dir: string
  lastBackupAt: string | null
  /** true when there is no backup, or the newest is older than the limit */
  stale: boolean
}

/** For each drive: when this vault was last backed up there, and whether that is too long ago. */
export async function backupStatus(
  io: BackupIo,
  drives: readonly RemovableDrive[],
  vaultId: string,
  now: Date,
  maxAgeDays: number
): Promise<DriveBackupStatus[]> {
  const out: DriveBackupStatus[] = []
  for (const drive of drives) {
    const dir = join(drive.path, BACKUP_FOLDER, vaultId)
    const manifest = await readBackupManifest(io, dir).catch(() => null)
    const lastBackupAt = manifest?.createdAt ?? null
    const ageDays =
      lastBackupAt === null ? Infinity : (now.getTime() - Date.parse(lastBackupAt)) / 86_400_000
    out.push({ drive, dir, lastBackupAt, stale: ageDays > maxAgeDays })
  }
  return out
}
