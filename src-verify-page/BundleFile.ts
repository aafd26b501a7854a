import type { BundleProblem } from '../src-main/common/bundle/ScannedBundle'

/** One file of a bundle, from the zip or from an unzipped folder, read as a stream of chunks. */
export interface BundleFile {
  /** the path inside the bundle, "/"-separated, e.g. "entries/3/entry.json" */
  path: string
  /** bytes, as declared (the zip's central directory, or the file system) */
  size: number
  /** The content in order; throws a FileRefusal when the bytes break a rule on the way. */
  chunks(): AsyncIterable<Uint8Array>
}

/** A file refused while it was read (a zip entry that inflates too far, a bad CRC). */
export class FileRefusal extends Error {
  constructor(readonly problem: BundleProblem) {
    super(`${problem.code}: ${problem.file ?? ''} ${problem.detail}`)
  }
}

/** Something that can read byte ranges: a File or Blob in the page, a buffer in tests. */
export interface ByteSource {
  readonly size: number
  read(offset: number, length: number): Promise<Uint8Array>
}

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) =>
      new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer())
  }
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length))
  }
}

/** Reading in slices keeps a multi-GiB video out of memory: only one slice is held at a time. */
export const READ_SLICE_BYTES = 4 * 1024 * 1024

/** A file of a picked folder. */
export function blobBundleFile(path: string, blob: Blob): BundleFile {
  return {
    path,
    size: blob.size,
    chunks: async function* () {
      for (let offset = 0; offset < blob.size; offset += READ_SLICE_BYTES)
        yield new Uint8Array(await blob.slice(offset, offset + READ_SLICE_BYTES).arrayBuffer())
    }
  }
}
