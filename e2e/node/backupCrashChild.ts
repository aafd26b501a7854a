import { VaultService } from '../../src-main/node/services/VaultService'
import { runAsChildProgram, say } from '../../src-main/node/testing/childProgram'

/**
 * The process that backupCrash.test.ts kills. It unlocks the vault named on its command line
 * and backs it up into the target directory once, saying on stdout how far it got, so the
 * parent knows where the kill landed:
 *
 *   ready <entries>             the vault is open (and its lock taken); the backup begins
 *   started <bytes to write>    the custody entry is acknowledged, the sources are hashed,
 *                               and the copy begins (the first progress callback)
 *   copied <ms>                 every byte is written; the last file's fsync and
 *                               read-back, renames, the manifest switch and the removal of
 *                               superseded files remain
 *   done <ms> <head seq>        service.backup resolved: the new backup is complete
 *
 * <ms> counts from `started`.
 *
 * Each line is written with one synchronous write(2) before the next step begins, so a line
 * on the pipe never runs ahead of what the backup has done.
 *
 * The vault is unlocked with DALEL_RECOVERY_CODE when set (a keyed hash, instant), else
 * DALEL_PASSPHRASE (Argon2id): a hundred kills cannot each afford an Argon2id run, and the
 * unlock is not what is being tested.
 */

export async function runBackupCrashChild(vaultDir: string, targetDir: string): Promise<void> {
  const recoveryCode = process.env.DALEL_RECOVERY_CODE
  const passphrase = process.env.DALEL_PASSPHRASE
  const service = new VaultService({ clock: { now: () => new Date() } })
  if (recoveryCode !== undefined && recoveryCode !== '') {
    await service.unlock(vaultDir, { recoveryCode })
  } else if (passphrase !== undefined && passphrase !== '') {
    await service.unlock(vaultDir, { passphrase })
  } else {
    throw new Error('neither DALEL_RECOVERY_CODE nor DALEL_PASSPHRASE is set')
  }
  say(`ready ${service.summary().entries}`)
  // Set from the progress callback, which TypeScript's flow analysis does not follow.
  const copy = { startedAt: 0, copied: false }
  const { result } = await service.backup(targetDir, ({ bytesDone, bytesTotal }) => {
    if (copy.startedAt === 0) {
      copy.startedAt = performance.now()
      say(`started ${bytesTotal}`)
    } else if (!copy.copied && bytesDone === bytesTotal) {
      copy.copied = true
      say(`copied ${(performance.now() - copy.startedAt).toFixed(1)}`)
    }
  })
  say(`done ${(performance.now() - copy.startedAt).toFixed(1)} ${result.manifest.head.seq}`)
  await service.lock()
}

// Runs only as a program (the parent bundles this file and starts it with node).
await runAsChildProgram(
  import.meta.url,
  'backup crash child',
  ['vault', 'backup-dir'],
  ([vault, target]) => runBackupCrashChild(vault, target)
)
