import { join } from 'node:path'
import { loadSodium } from '../../src-main/node/crypto/loadSodium'
import { VaultDatabase } from '../../src-main/node/db/VaultDatabase'
import { goAhead, runAsChildProgram, say } from '../../src-main/node/testing/childProgram'
import { Vault } from '../../src-main/node/vault/Vault'

/**
 * The process largeAttachCrash.test.ts kills while it stores large attachments (written
 * past the page cache, DirectWriter). Once a line arrives on stdin it opens the vault and
 * attaches `<sources>/<seq>.bin` as entry `seq`, one after another, until none is left,
 * saying on stdout:
 *
 *   warm                     start-up is done; waiting for the go-ahead
 *   ready <entries>          the vault is open
 *   sealed <seq> <bytes>     that many bytes of the file are sealed and written (every 4 MiB)
 *   ack <seq> <id>           vault.append resolved: the entry is acknowledged
 *   done                     no file left
 */
export function largeSourceName(seq: number): string {
  return `${seq}.bin`
}

async function runLargeAttachCrashChild(vaultDir: string, sources: string): Promise<void> {
  const passphrase = process.env.DALEL_PASSPHRASE
  if (passphrase === undefined) throw new Error('DALEL_PASSPHRASE is not set')
  const total = Number(process.env.DALEL_LARGE_FILES ?? 0)
  await loadSodium()
  ;(await VaultDatabase.create()).close()
  say('warm')
  await goAhead()
  const vault = await Vault.open(vaultDir, { passphrase }, {}, { clock: { now: () => new Date() } })
  say(`ready ${vault.count()}`)
  for (let seq = vault.count() + 1; seq <= total; seq = vault.count() + 1) {
    const stored = await vault.append(
      { kind: 'file', title: `large #${seq}`, payload: {} },
      [{ path: join(sources, largeSourceName(seq)), mediaType: 'application/octet-stream' }],
      (bytes) => {
        say(`sealed ${seq} ${bytes}`)
      }
    )
    say(`ack ${stored.seq} ${stored.id}`)
  }
  await vault.close()
  say('done')
}

// Runs only as a program (the parent bundles this file and starts it with node).
await runAsChildProgram(
  import.meta.url,
  'large attach crash child',
  ['vault', 'sources'],
  ([vault, sources]) => runLargeAttachCrashChild(vault, sources)
)
