import initSqlJs from 'sql.js'
import type { SqlValue } from 'sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeEvidenceCrypto } from '../crypto/nodeEvidenceCrypto'
import { VaultDatabase } from '../db/VaultDatabase'
import { createTestVault, tempDir } from '../testing/testVault'
import type { Vault } from './Vault'
import type { VaultState } from './VaultState'
import { verifyVault } from './verifyVault'
import type { VerifyProblem } from './verifyVault'

/**
 * Rows of the entries table changed in the decrypted database, as someone holding the key
 * could change them: verification reads every hash, salt and signature as the text stored and
 * decides itself whether it is lowercase hex of the right length, and hashes the entry's
 * stored bytes. Each change must be reported at its seq, and an untouched vault must pass.
 */
describe('verify reads every stored row as it is', () => {
  let root: { path: string; remove: () => Promise<void> }
  let vault: Vault
  let image: Uint8Array

  beforeAll(async () => {
    root = await tempDir('dalel-verify-rows-')
    ;({ vault } = await createTestVault(root.path))
    for (const title of ['Звонок', 'Обыск в редакции', 'Протокол', 'Повестка', 'Отказ'])
      await vault.append({ kind: 'note', title, payload: { body: `${title}: подробности` } })
    // The decrypted database, as the open vault holds it.
    image = (vault as unknown as { state: VaultState }).state.db.export()
  })
  afterAll(async () => {
    await vault.close()
    await root.remove()
  })

  /** Verifies a copy of the vault's database with `sql` run on it first. */
  async function verifyWith(sql: string, params: SqlValue[] = []): Promise<VerifyProblem[]> {
    const SQL = await initSqlJs()
    const raw = new SQL.Database(image)
    raw.run(sql, params)
    const db = await VaultDatabase.load(raw.export())
    raw.close()
    try {
      const report = await verifyVault({
        dir: root.path,
        vaultId: vault.vaultId,
        publicKey: vault.publicKey,
        db,
        tornBytes: 0,
        staleJournal: false,
        crypto: nodeEvidenceCrypto(),
        hashBlob: () => Promise.reject(new Error('no attachments here')),
        blobPath: (name) => name
      })
      return report.problems
    } finally {
      db.close()
    }
  }

  const codesAt = (problems: VerifyProblem[], seq: number) =>
    problems.filter((p) => p.seq === seq).map((p) => p.code)

  it('passes the rows as stored', async () => {
    expect(await verifyWith('SELECT 1')).toEqual([])
  })

  it('reports hashes and signatures stored in capitals, cut short, with a non-hex digit or as a blob', async () => {
    const cases: [string, string][] = [
      ['UPDATE entries SET salt = upper(salt) WHERE seq = 2', 'salt-missing'],
      ['UPDATE entries SET commitment = upper(commitment) WHERE seq = 2', 'malformed-link'],
      ["UPDATE entries SET chain = substr(chain, 1, 63) || 'g' WHERE seq = 2", 'malformed-link'],
      ['UPDATE entries SET signature = substr(signature, 3) WHERE seq = 2', 'malformed-link'],
      ['UPDATE entries SET chain = unhex(chain) WHERE seq = 2', 'malformed-link'],
      ["UPDATE entries SET signature = '' WHERE seq = 2", 'malformed-link']
    ]
    for (const [sql, code] of cases) expect(codesAt(await verifyWith(sql), 2), sql).toContain(code)
  })

  it("reports an entry's text changed, spaced out or not JSON, and passes it stored as a blob of the same bytes", async () => {
    const edited = await verifyWith(
      "UPDATE entries SET entry_json = replace(entry_json, 'Обыск', 'Обыска не было') WHERE seq = 2"
    )
    expect(codesAt(edited, 2)).toEqual(['commitment-mismatch'])
    const spaced = await verifyWith(
      "UPDATE entries SET entry_json = replace(entry_json, '\":', '\": ') WHERE seq = 3"
    )
    expect(codesAt(spaced, 3)).toEqual(['entry-not-canonical', 'commitment-mismatch'])
    const garbage = await verifyWith("UPDATE entries SET entry_json = 'не JSON' WHERE seq = 4")
    expect(codesAt(garbage, 4)).toEqual(['entry-unreadable'])
    expect(
      await verifyWith('UPDATE entries SET entry_json = CAST(entry_json AS BLOB) WHERE seq = 5')
    ).toEqual([])
  })
})
