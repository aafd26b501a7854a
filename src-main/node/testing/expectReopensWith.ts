import { expect } from 'vitest'
import { Vault } from '../vault/Vault'
import { steppingClock } from './testVault'

/**
 * Reopens a closed vault by its recovery code and checks what a failed write must leave: no
 * notice on opening, exactly the entries `ids` (the acknowledged ones) and a clean verify.
 */
export async function expectReopensWith(
  dir: string,
  recoveryCode: string,
  ids: readonly string[]
): Promise<void> {
  const reopened = await Vault.open(dir, { recoveryCode }, {}, { clock: steppingClock() })
  try {
    expect(reopened.notices).toEqual([])
    expect(reopened.list().map((e) => e.id)).toEqual(ids)
    expect(await reopened.verify()).toMatchObject({ ok: true, problems: [], warnings: [] })
  } finally {
    await reopened.close()
  }
}
