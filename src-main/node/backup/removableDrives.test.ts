import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VaultService } from '../services/VaultService'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import { nodeBackupIo } from './backupIo'
import {
  BACKUP_FOLDER,
  backupStatus,
  listRemovableDrives,
  removableFromProcMounts
} from './removableDrives'

/**
 * A laptop's /proc/mounts with two USB drives plugged in (one under /media/<user>, as GNOME
 * and KDE on Debian/Ubuntu mount them, one under /run/media/<user>, as Fedora and Arch do),
 * labels with spaces (which the kernel writes as \040) and Kazakh letters (written as UTF-8),
 * and the mounts a backup must never be offered: the system disk, the EFI partition, snaps,
 * a per-user tmpfs, a fixed disk under /mnt, and a path that merely starts with "/media".
 */
const SAMPLE_PROC_MOUNTS = [
  'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0',
  'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
  'udev /dev devtmpfs rw,nosuid,relatime,size=8052836k,nr_inodes=2013209,mode=755 0 0',
  '/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0',
  '/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437 0 0',
  '/dev/loop3 /snap/core22/1380 squashfs ro,nodev,relatime,errors=continue 0 0',
  'tmpfs /run/user/1000 tmpfs rw,nosuid,nodev,relatime,size=1620000k,mode=700,uid=1000 0 0',
  '/dev/sda1 /mnt/archive ext4 rw,relatime 0 0',
  '/dev/sda2 /mediaserver/library ext4 rw,relatime 0 0',
  '/dev/sdb1 /media/aigerim/KINGSTON\\040USB vfat rw,nosuid,nodev,relatime,uid=1000,gid=1000,fmask=0022,dmask=0022,codepage=437,iocharset=iso8859-1,shortname=mixed,showexec,utf8,flush,errors=remount-ro 0 0',
  '/dev/sdc1 /run/media/daulet/ДӘЛЕЛ\\0402026 exfat rw,nosuid,nodev,relatime,uid=1000,gid=1000 0 0',
  ''
].join('\n')

describe('removableFromProcMounts', () => {
  it('lists the /media and /run/media mounts with their labels, decoding \\040 to a space', () => {
    expect(removableFromProcMounts(SAMPLE_PROC_MOUNTS)).toEqual([
      { path: '/media/aigerim/KINGSTON USB', label: 'KINGSTON USB' },
      { path: '/run/media/daulet/ДӘЛЕЛ 2026', label: 'ДӘЛЕЛ 2026' }
    ])
  })

  it('lists nothing when no removable drive is mounted, or /proc/mounts is empty', () => {
    const fixedOnly = SAMPLE_PROC_MOUNTS.split('\n')
      .filter((line) => !line.includes(' /media/') && !line.includes(' /run/media/'))
      .join('\n')
    expect(removableFromProcMounts(fixedOnly)).toEqual([])
    expect(removableFromProcMounts('')).toEqual([])
  })
})

// A real mount under /media on this machine: the path a desktop gives a plugged-in drive.
const MOUNT_POINT = `/media/dalel-test-${randomBytes(4).toString('hex')}`
let mountError: string | null = null
let work: { path: string; remove: () => Promise<void> }

beforeAll(async () => {
  work = await tempDir('dalel-drives-')
  if (process.platform !== 'linux') {
    mountError = `not Linux (${process.platform})`
    return
  }
  try {
    await mkdir(MOUNT_POINT, { recursive: true })
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'tmpfs', MOUNT_POINT], {
      stdio: 'pipe'
    })
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim()
    mountError = `cannot mount a tmpfs at ${MOUNT_POINT} (needs root): ${stderr || String(error)}`
    await rmdir(MOUNT_POINT).catch(() => undefined)
  }
})
afterAll(async () => {
  if (mountError === null) {
    try {
      execFileSync('umount', [MOUNT_POINT], { stdio: 'pipe' })
    } catch {
      // Still busy (a test failed with a file open): detach it now, the kernel frees it later.
      execFileSync('umount', ['-l', MOUNT_POINT], { stdio: 'pipe' })
    }
    await rmdir(MOUNT_POINT)
  }
  await work.remove()
})

describe('removable drives on this machine (a tmpfs mounted under /media)', () => {
  it('lists the drive, and tells a backup there stale until one is made and again 8 days later', async (ctx) => {
    if (mountError !== null) ctx.skip(mountError)
    const drives = await listRemovableDrives('linux')
    const drive = drives.find((d) => d.path === MOUNT_POINT)
    expect(drive, JSON.stringify(drives)).toEqual({
      path: MOUNT_POINT,
      label: MOUNT_POINT.slice('/media/'.length)
    })
    if (drive === undefined) return

    const service = new VaultService({ clock: steppingClock('2026-03-01T09:00:00.000Z') })
    const { summary } = await service.createVault(join(work.path, 'vault'), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    })
    await service.addNote({ title: 'Звонок с угрозой', body: 'Требовали удалить статью.' })
    const dir = join(MOUNT_POINT, BACKUP_FOLDER, summary.vaultId)

    const before = await backupStatus(
      nodeBackupIo,
      [drive],
      summary.vaultId,
      new Date('2026-03-01T10:00:00.000Z'),
      7
    )
    expect(before).toEqual([{ drive, dir, lastBackupAt: null, stale: true }])

    const { result } = await service.backup(dir)
    await service.lock()
    const at = result.manifest.createdAt
    const hourLater = new Date(Date.parse(at) + 3_600_000)
    expect(await backupStatus(nodeBackupIo, [drive], summary.vaultId, hourLater, 7)).toEqual([
      { drive, dir, lastBackupAt: at, stale: false }
    ])
    const eightDaysLater = new Date(Date.parse(at) + 8 * 86_400_000)
    expect(await backupStatus(nodeBackupIo, [drive], summary.vaultId, eightDaysLater, 7)).toEqual([
      { drive, dir, lastBackupAt: at, stale: true }
    ])
    // Another vault has no backup on this drive, however recent this one's is.
    const otherVault = '01950000-0000-7000-8000-000000000000'
    expect(await backupStatus(nodeBackupIo, [drive], otherVault, hourLater, 7)).toEqual([
      {
        drive,
        dir: join(MOUNT_POINT, BACKUP_FOLDER, otherVault),
        lastBackupAt: null,
        stale: true
      }
    ])
  })
})
