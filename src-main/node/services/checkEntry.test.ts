import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sha256Hex, SignatureHex } from '../../common/encoding/brands'
import { DalelError } from '../../common/errors/DalelError'
import { createTestVault, tempDir } from '../testing/testVault'
import type { Vault } from '../vault/Vault'
import { checkEntry } from './checkEntry'
import type { EntryReader } from './checkEntry'

/** The vault as stored, with one entry's row read back changed: what tampering would leave. */
function tampered(
  vault: Vault,
  seq: number,
  change: { jcs?: (jcs: string) => string; signature?: SignatureHex; chain?: string }
): EntryReader {
  return {
    vaultId: vault.vaultId,
    publicKey: vault.publicKey,
    get: (ref) => {
      const stored = vault.get(ref)
      if (stored.seq !== seq) return stored
      return {
        ...stored,
        link: {
          ...stored.link,
          ...(change.signature !== undefined ? { signature: change.signature } : {}),
          // Not a hash made by toSha256Hex: a stored value someone changed.
          ...(change.chain !== undefined ? { chain: change.chain as Sha256Hex } : {})
        }
      }
    },
    disclosure: (n) => {
      const opened = vault.disclosure(n)
      return n === seq && change.jcs !== undefined
        ? { ...opened, jcs: change.jcs(opened.jcs) }
        : opened
    }
  }
}

describe('checkEntry', () => {
  let root: { path: string; remove: () => Promise<void> }
  let vault: Vault
  const now = new Date('2026-03-02T10:00:00Z')

  beforeAll(async () => {
    root = await tempDir('dalel-check-')
    ;({ vault } = await createTestVault(root.path))
    for (const title of ['Звонок', 'Обыск', 'Протокол'])
      await vault.append({ kind: 'note', title, payload: { body: title } })
  })
  afterAll(async () => {
    await vault.close()
    await root.remove()
  })

  it('finds the first and a later entry whole, and reports the last whole-vault verification', () => {
    expect(checkEntry(vault, 1, now, null)).toEqual({
      seq: 1,
      checkedAt: '2026-03-02T10:00:00.000Z',
      problems: [],
      contentChecked: true,
      vault: null
    })
    const last = {
      at: '2026-03-02T09:00:00.000Z',
      ok: false,
      problems: [{ seq: 2, code: 'blob-missing' as const, detail: '' }]
    }
    expect(checkEntry(vault, 3, now, last).vault).toEqual({
      at: last.at,
      ok: false,
      problemsHere: 0
    })
    expect(checkEntry(vault, 2, now, last).vault?.problemsHere).toBe(1)
  })

  it('names a changed entry, a signature that does not verify and a broken chain link', () => {
    const edited = tampered(vault, 2, { jcs: (jcs) => jcs.replace('Обыск', 'Обыска нет') })
    expect(checkEntry(edited, 2, now, null).problems).toEqual(['commitment-mismatch'])
    const signature = vault.get(1).link.signature
    expect(checkEntry(tampered(vault, 2, { signature }), 2, now, null).problems).toEqual([
      'bad-signature'
    ])
    // Entry 2's chain hash replaced: it no longer follows from entry 1, and its signature is
    // over the old one; entry 3, which follows from it, no longer follows either.
    const chain = vault.get(3).link.chain
    expect(checkEntry(tampered(vault, 2, { chain }), 2, now, null).problems).toEqual([
      'chain-mismatch',
      'bad-signature'
    ])
    expect(checkEntry(tampered(vault, 2, { chain }), 3, now, null).problems).toEqual([
      'chain-mismatch'
    ])
    expect(checkEntry(tampered(vault, 2, { chain: 'zz' }), 2, now, null).problems).toEqual([
      'malformed-link'
    ])
  })

  it('checks a withdrawn entry by its link and signature only', async () => {
    await vault.append({
      kind: 'withdrawal',
      title: 'Отзыв',
      payload: { target: { seq: 1, id: vault.get(1).id }, reason: 'личные данные' }
    })
    const check = checkEntry(vault, 1, now, null)
    expect(check).toMatchObject({ problems: [], contentChecked: false })
  })

  it('refuses an entry that does not exist', () => {
    expect(() => checkEntry(vault, 99, now, null)).toThrow(DalelError)
  })
})
