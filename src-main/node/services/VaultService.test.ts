import { createHash, randomFillSync } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DalelError } from '../../common/errors/DalelError'
import { SealThreadPool } from '../crypto/SealThreadPool'
import { TEST_KDF, TEST_PASSPHRASE, steppingClock, tempDir } from '../testing/testVault'
import * as attach from './addAttachment'
import { VaultService } from './VaultService'

// The real addAttachment, watched: which digests the service hands it.
vi.mock('./addAttachment', async (original) => {
  const real = await original<typeof import('./addAttachment')>()
  return { ...real, addAttachment: vi.fn(real.addAttachment) }
})

describe('VaultService', () => {
  let dir = ''
  let remove: () => Promise<void> = () => Promise.resolve()
  let recoveryCode = ''
  const service = new VaultService({ clock: steppingClock() })

  beforeAll(async () => {
    ;({ path: dir, remove } = await tempDir('dalel-service-'))
    ;({ recoveryCode } = await service.createVault(join(dir, 'vault'), {
      passphrase: TEST_PASSPHRASE,
      kdfLimits: TEST_KDF
    }))
    await service.lock()
  })
  afterAll(async () => {
    await service.lock()
    await remove()
  })

  it('says whether a vault is open, and refuses work while none is', async () => {
    expect(service.isUnlocked()).toBe(false)
    expect(() => service.summary()).toThrow(DalelError)
    await service.unlock(join(dir, 'vault'), { passphrase: TEST_PASSPHRASE })
    expect(service.isUnlocked()).toBe(true)
    await service.lock()
    expect(service.isUnlocked()).toBe(false)
  })

  it('takes the recovery code or the passphrase at the same prompt', async () => {
    await service.unlock(join(dir, 'vault'), { secret: recoveryCode })
    expect(service.unlockedWith()).toBe('recovery')
    await service.unlock(join(dir, 'vault'), { secret: TEST_PASSPHRASE })
    expect(service.unlockedWith()).toBe('passphrase')
    await service.lock()
    await expect(service.unlock(join(dir, 'vault'), { secret: 'не тот пароль' })).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-passphrase' }) as Error
    )
    expect(service.isUnlocked()).toBe(false)
  })

  it('keeps threads for large attachments while a vault is open, as the app does', async () => {
    const pool = new SealThreadPool()
    const app = new VaultService({ clock: steppingClock(), sealThreads: pool })
    await app.unlock(join(dir, 'vault'), { passphrase: TEST_PASSPHRASE })
    // Not while the first page is drawn: a moment after the vault opened.
    expect(pool.warmed).toBe(false)
    const deadline = Date.now() + 10_000
    while (!pool.warmed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(pool.warmed).toBe(true)
    const file = join(dir, 'large.bin')
    await writeFile(file, randomFillSync(new Uint8Array(33 * 1024 * 1024)))
    const entry = await app.addAttachment({ files: [{ path: file }] })
    expect(entry.entry?.attachments.map((a) => a.size)).toEqual([33 * 1024 * 1024])
    // Back, waiting for the next file, until the vault locks.
    expect(pool.warmed).toBe(true)
    await app.lock()
    expect(pool.warmed).toBe(false)
  })

  it('saves a chosen file from its digest taken while the form was filled in', async () => {
    const app = new VaultService({ clock: steppingClock() })
    await app.unlock(join(dir, 'vault'), { passphrase: TEST_PASSPHRASE })
    const file = join(dir, 'chosen.bin')
    const bytes = randomFillSync(new Uint8Array(5 * 1024 * 1024 + 1))
    await writeFile(file, bytes)
    await app.hashAhead([file])
    const spy = vi.mocked(attach.addAttachment)
    spy.mockClear()
    const view = await app.addAttachment({ files: [{ path: file }] })
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    expect(view.entry?.attachments.map((a) => a.sha256)).toEqual([sha256])
    // Handed the digest: sealed checking it, not hashed again.
    const digests = spy.mock.calls[0]?.[3] ?? []
    expect(digests.map((d) => Buffer.from(d.sha256).toString('hex'))).toEqual([sha256])
    await app.lock()
  })

  it('stores a chosen file as it is when it changed after it was hashed', async () => {
    const app = new VaultService({ clock: steppingClock() })
    await app.unlock(join(dir, 'vault'), { passphrase: TEST_PASSPHRASE })
    const file = join(dir, 'edited.bin')
    await writeFile(file, randomFillSync(new Uint8Array(6 * 1024 * 1024)))
    await app.hashAhead([file])
    // Edited after it was chosen (a recording still being written, a scan redone).
    const now = randomFillSync(new Uint8Array(6 * 1024 * 1024))
    await writeFile(file, now)
    const view = await app.addAttachment({ files: [{ path: file }] })
    expect(view.entry?.attachments.map((a) => a.sha256)).toEqual([
      createHash('sha256').update(now).digest('hex')
    ])
    expect((await app.verify()).ok).toBe(true)
    await app.lock()
  })
})
