import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto'
import type { Database } from 'sql.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { genesisHash } from '../../common/chain/chain'
import { sealEntry } from '../../common/chain/sealEntry'
import type { Entry } from '../../common/entry/Entry'
import { nodeEvidenceCrypto } from '../crypto/nodeEvidenceCrypto'
import { VaultDatabase } from '../db/VaultDatabase'
import { tempDir } from '../testing/testVault'
import { verifyVault } from './verifyVault'

const ROWS = 3000
const crypto = nodeEvidenceCrypto()

/**
 * Verify over thousands of rows: enough for the signature threads (2,000 and more) and for
 * many of the 256-row chunks the walk hands them, read straight from SQLite's memory. Rows
 * changed in the decrypted database at chunk edges must each be reported at their own seq,
 * and nothing else: a reader that hands the walk a hash it later overwrites, or a row out of
 * step with its signature's slot, shows as problems at other seqs.
 */
describe('verify of thousands of rows', () => {
  let root: { path: string; remove: () => Promise<void> }
  let image: Uint8Array
  const vaultId = randomUUID()
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const rawKey = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32))

  beforeAll(async () => {
    root = await tempDir('dalel-verify-many-')
    const db = await VaultDatabase.create()
    const signer = {
      publicKey: rawKey,
      sign: (message: Uint8Array) => new Uint8Array(sign(null, message, privateKey))
    }
    let previous = genesisHash(crypto.sha256, vaultId, rawKey)
    for (let seq = 1; seq <= ROWS; seq++) {
      const entry: Entry = {
        seq,
        id: randomUUID(),
        kind: 'note',
        recordedAt: '2026-03-01T09:00:00.000Z',
        author: 'Тест',
        title: `Жазба ${seq}`,
        payload: { body: `Обыск №${seq}. `.repeat(seq % 7) },
        attachments: []
      }
      const sealed = sealEntry(crypto.sha256, signer, previous, entry, randomBytes(32))
      db.insertEntry(
        entry,
        Buffer.from(sealed.jcs).toString('utf8'),
        Buffer.from(sealed.salt).toString('hex'),
        sealed.link,
        []
      )
      previous = Buffer.from(sealed.link.chain, 'hex')
    }
    image = db.export()
    db.close()
  })
  afterAll(async () => {
    await root.remove()
  })

  async function problemsWith(sql: string): Promise<string[]> {
    const db = await VaultDatabase.load(image.slice())
    ;(db as unknown as { db: Database }).db.run(sql)
    try {
      const report = await verifyVault({
        dir: root.path,
        vaultId,
        publicKey: rawKey,
        db,
        tornBytes: 0,
        staleJournal: false,
        crypto,
        hashBlob: () => Promise.reject(new Error('no attachments here')),
        blobPath: (name) => name
      })
      expect(report.entries).toBe(ROWS)
      return report.problems.map((p) => `${p.seq ?? '-'} ${p.code}`)
    } finally {
      db.close()
    }
  }

  it('passes them all as stored', async () => {
    expect(await problemsWith('SELECT 1')).toEqual([])
  })

  it('reports each row changed at a chunk edge at its own seq, and nothing else', async () => {
    /** The column's first hex digit changed (to another lowercase hex digit). */
    const flip = (column: string) =>
      `(CASE substr(${column}, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END) || substr(${column}, 2)`
    const changes = [
      // a signature with one digit changed: the first row, the last of a chunk
      `UPDATE entries SET signature = ${flip('signature')} WHERE seq IN (1, 256)`,
      // the entry's text edited: the first row of the second chunk
      "UPDATE entries SET entry_json = replace(entry_json, 'Жазба', 'Жазба!') WHERE seq = 257",
      // another row's signature: valid, but not over this chain hash
      'UPDATE entries SET signature = (SELECT signature FROM entries WHERE seq = 2049) WHERE seq = 2048',
      // the salt changed: the last row
      `UPDATE entries SET salt = ${flip('salt')} WHERE seq = 3000`
    ]
    expect(await problemsWith(changes.join('; '))).toEqual([
      '1 bad-signature',
      '256 bad-signature',
      '257 commitment-mismatch',
      '2048 bad-signature',
      '3000 commitment-mismatch'
    ])
  })
})
