import { isDalelError } from '../../src-main/common/errors/DalelError'
import { loadSodium } from '../../src-main/node/crypto/loadSodium'
import { VaultDatabase } from '../../src-main/node/db/VaultDatabase'
import { goAhead, runAsChildProgram, say } from '../../src-main/node/testing/childProgram'
import { Vault } from '../../src-main/node/vault/Vault'

/**
 * One of the writers lockRace.test.ts starts together against a vault whose vault.lock was
 * left behind. Once a line arrives on stdin it opens the vault as a writer, as `dalel note`
 * does, appends NOTES_PER_WRITER notes and closes, saying on stdout:
 *
 *   warm                 start-up is done; waiting for the go-ahead
 *   ack <id>             vault.append resolved: the entry is acknowledged
 *   refused <code>       the vault refused this writer (another one holds it); nothing written
 *   closed               the vault is closed and its lock released
 *
 * Any other failure ends the process with exit 4 and the error on stderr.
 */
export const NOTES_PER_WRITER = 3

async function runLockRaceChild(vaultDir: string, writer: string): Promise<void> {
  const passphrase = process.env.DALEL_PASSPHRASE
  if (passphrase === undefined) throw new Error('DALEL_PASSPHRASE is not set')
  await loadSodium()
  ;(await VaultDatabase.create()).close()
  say('warm')
  await goAhead()
  let vault: Vault
  try {
    vault = await Vault.open(vaultDir, { passphrase }, {}, { clock: { now: () => new Date() } })
  } catch (error) {
    if (isDalelError(error) && error.code === 'vault-in-use') {
      say(`refused ${error.code}`)
      return
    }
    throw error
  }
  try {
    for (let n = 1; n <= NOTES_PER_WRITER; n++) {
      const stored = await vault.append({
        kind: 'note',
        title: `writer ${writer} note ${n}`,
        payload: { body: `Бір уақытта бастаған жазушы ${writer}` }
      })
      say(`ack ${stored.id}`)
    }
  } finally {
    await vault.close()
  }
  say('closed')
}

await runAsChildProgram(import.meta.url, 'lockRaceChild', ['vault', 'writer'], ([vault, writer]) =>
  runLockRaceChild(vault, writer)
)
