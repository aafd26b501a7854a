import { describe, expect, it } from 'vitest'
import { MIN_RAM_BYTES, SHM_DIR, TMPFS_MAGIC, ramTempParent } from './ramTempParent'

const EXT4_MAGIC = 0xef53
const BLOCK = 4096

describe('where a browser keeps its temporary files in RAM', () => {
  it('chooses /dev/shm when it is a tmpfs with 1 GiB free', () => {
    expect(ramTempParent({ type: TMPFS_MAGIC, bavail: MIN_RAM_BYTES / BLOCK, bsize: BLOCK })).toBe(
      SHM_DIR
    )
  })

  it('chooses nothing when /dev/shm is a tmpfs with less room (a container’s 64 MiB)', () => {
    expect(
      ramTempParent({ type: TMPFS_MAGIC, bavail: MIN_RAM_BYTES / BLOCK - 1, bsize: BLOCK })
    ).toBe(null)
    expect(
      ramTempParent({ type: TMPFS_MAGIC, bavail: (64 * 1024 * 1024) / BLOCK, bsize: BLOCK })
    ).toBe(null)
  })

  it('chooses nothing when /dev/shm is on a disk, or cannot be read (macOS, Windows)', () => {
    expect(ramTempParent({ type: EXT4_MAGIC, bavail: 10 * MIN_RAM_BYTES, bsize: BLOCK })).toBe(null)
    expect(ramTempParent(null)).toBe(null)
  })
})
