import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodePng } from '../capture/png'
import { openTestService } from '../testing/testService'
import type { TestService } from '../testing/testService'
import { steppingClock } from '../testing/testVault'
import { VaultService } from './VaultService'

describe('previewAttachment', () => {
  let t: TestService
  let dir = ''
  let service: VaultService

  beforeAll(async () => {
    t = await openTestService('dalel-preview-')
    ;({ dir, service } = t)
  })
  afterAll(async () => {
    await t.close()
  })

  it('serves previews of images only, by their bytes, while unlocked', async () => {
    const png = encodePng({
      width: 2,
      height: 1,
      channels: 3,
      pixels: new Uint8Array([255, 0, 0, 0, 0, 255])
    })
    const pngPath = join(dir, 'photo.png')
    const fakePath = join(dir, 'fake.png')
    const textPath = join(dir, 'протокол.txt')
    await writeFile(pngPath, png)
    await writeFile(fakePath, '<svg onload="alert(1)"></svg>')
    const photo = await service.addAttachment({ files: [{ path: pngPath }, { path: fakePath }] })
    const preview = await service.previewAttachment(photo.seq, 0)
    expect(preview?.mediaType).toBe('image/png')
    expect(Buffer.from(preview?.bytes ?? []).equals(Buffer.from(png))).toBe(true)
    // Named .png, recorded as image/png by its name, but not a PNG: never served.
    expect(photo.entry?.attachments[1]?.mediaType).toBe('image/png')
    expect(await service.previewAttachment(photo.seq, 1)).toBeNull()
    expect(await service.previewAttachment(photo.seq, 2)).toBeNull()
    expect(await service.previewAttachment(9999, 0)).toBeNull()
    expect(await service.previewAttachment(-1, 0)).toBeNull()
    // A text attachment is not an image.
    await writeFile(textPath, 'Протокол обыска')
    await service.addAttachment({ files: [{ path: textPath }] })
    const text = service
      .list({ kinds: ['file'] })
      .find((v) => v.entry?.attachments[0]?.mediaType === 'text/plain')
    expect(text).toBeDefined()
    expect(await service.previewAttachment(text?.seq ?? 0, 0)).toBeNull()
    const locked = new VaultService({ clock: steppingClock() })
    expect(await locked.previewAttachment(photo.seq, 0)).toBeNull()
  })
})
