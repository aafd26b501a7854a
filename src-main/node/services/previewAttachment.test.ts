import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodePng } from '../media/png'
import { steppingClock } from '../testing/testVault'
import { useTestService } from '../testing/useTestService'
import { VaultService } from './VaultService'

describe('previewAttachment', () => {
  const t = useTestService('dalel-preview-')

  it('serves previews of images only, by their bytes, while unlocked', async () => {
    const png = encodePng({
      width: 2,
      height: 1,
      channels: 3,
      pixels: new Uint8Array([255, 0, 0, 0, 0, 255])
    })
    const pngPath = join(t.dir, 'photo.png')
    const fakePath = join(t.dir, 'fake.png')
    const textPath = join(t.dir, 'протокол.txt')
    await writeFile(pngPath, png)
    await writeFile(fakePath, '<svg onload="alert(1)"></svg>')
    const photo = await t.service.addAttachment({ files: [{ path: pngPath }, { path: fakePath }] })
    const preview = await t.service.previewAttachment(photo.seq, 0)
    expect(preview?.mediaType).toBe('image/png')
    expect(Buffer.from(preview?.bytes ?? []).equals(Buffer.from(png))).toBe(true)
    // Named .png, recorded as image/png by its name, but not a PNG: never served.
    expect(photo.entry?.attachments[1]?.mediaType).toBe('image/png')
    expect(await t.service.previewAttachment(photo.seq, 1)).toBeNull()
    expect(await t.service.previewAttachment(photo.seq, 2)).toBeNull()
    expect(await t.service.previewAttachment(9999, 0)).toBeNull()
    expect(await t.service.previewAttachment(-1, 0)).toBeNull()
    // A text attachment is not an image.
    await writeFile(textPath, 'Протокол обыска')
    await t.service.addAttachment({ files: [{ path: textPath }] })
    const text = t.service
      .list({ kinds: ['file'] })
      .find((v) => v.entry?.attachments[0]?.mediaType === 'text/plain')
    expect(text).toBeDefined()
    expect(await t.service.previewAttachment(text?.seq ?? 0, 0)).toBeNull()
    const locked = new VaultService({ clock: steppingClock() })
    expect(await locked.previewAttachment(photo.seq, 0)).toBeNull()
  })
})
