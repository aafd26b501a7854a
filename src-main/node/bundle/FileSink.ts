import { createHash } from 'node:crypto'
import type { BundleLimits } from '../../common/bundle/bundleLayout'
import { isParsedFile } from '../../common/bundle/ScannedBundle'
import type { BundleProblem, ScannedFile } from '../../common/bundle/ScannedBundle'

/** Hashes a file's bytes as they stream past, enforcing the size limit as it goes. */
export class FileSink {
  private readonly hash = createHash('sha256')
  private readonly chunks: Buffer[] | null
  size = 0

  constructor(
    readonly path: string,
    private readonly limits: BundleLimits
  ) {
    this.chunks = isParsedFile(path) ? [] : null
  }

  /** @returns a problem once the file has grown past a limit; the caller stops reading */
  update(chunk: Buffer): BundleProblem | null {
    this.size += chunk.length
    if (this.size > this.limits.maxFileBytes)
      return {
        code: 'file-too-large',
        file: this.path,
        detail: `more than ${this.limits.maxFileBytes} bytes`
      }
    if (this.chunks !== null && this.size > this.limits.maxParsedBytes)
      return {
        code: 'file-too-large',
        file: this.path,
        detail: `more than ${this.limits.maxParsedBytes} bytes to parse`
      }
    this.hash.update(chunk)
    this.chunks?.push(Buffer.from(chunk))
    return null
  }

  finish(): ScannedFile {
    const file: ScannedFile = { path: this.path, size: this.size, sha256: this.hash.digest('hex') }
    if (this.chunks !== null) file.bytes = new Uint8Array(Buffer.concat(this.chunks))
    return file
  }
}
