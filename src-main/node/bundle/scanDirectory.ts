import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fsError } from '../fs/fsError'
import type { BundleLimits } from '../../common/bundle/bundleLayout'
import { FileSink } from './FileSink'
import { isSystemClutter, unsafeNameReason } from '../../common/bundle/ScannedBundle'
import type { BundleProblem, ScannedBundle } from '../../common/bundle/ScannedBundle'

async function readFileInto(path: string, sink: FileSink): Promise<BundleProblem | null> {
  const stream = createReadStream(path)
  try {
    for await (const chunk of stream) {
      const problem = sink.update(chunk as Buffer)
      if (problem !== null) return problem
    }
    return null
  } catch (error) {
    return {
      code: 'file-unreadable',
      file: sink.path,
      detail: (error as NodeJS.ErrnoException).code ?? String(error)
    }
  } finally {
    stream.destroy()
  }
}

/**
 * Reads an unzipped bundle: every regular file, hashed under the same limits as a zip.
 * Symbolic links are refused, never followed (one could point at any file on the machine).
 */
export async function scanDirectory(root: string, limits: BundleLimits): Promise<ScannedBundle> {
  const scanned: ScannedBundle = {
    kind: 'directory',
    files: new Map(),
    refused: new Set(),
    problems: [],
    bytes: 0,
    refusedWhole: false
  }
  let count = 0
  const walk = async (relative: string): Promise<boolean> => {
    let items
    try {
      items = await readdir(join(root, relative), { withFileTypes: true })
    } catch (error) {
      if (relative === '') throw fsError(error, root)
      scanned.problems.push({
        code: 'file-unreadable',
        file: relative,
        detail: String((error as NodeJS.ErrnoException).code)
      })
      return true
    }
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const item of items) {
      if (isSystemClutter(item.name)) continue
      const path = relative === '' ? item.name : `${relative}/${item.name}`
      if (++count > limits.maxEntries) {
        scanned.problems.push({
          code: 'too-many-entries',
          file: '.',
          detail: `more than ${limits.maxEntries} files`
        })
        scanned.refusedWhole = true
        return false
      }
      const unsafe = unsafeNameReason(path)
      const refuse = (problem: BundleProblem) => {
        scanned.problems.push(problem)
        scanned.refused.add(path)
      }
      if (unsafe !== null) refuse({ code: 'unsafe-name', file: path, detail: unsafe })
      else if (item.isSymbolicLink())
        refuse({ code: 'symlink', file: path, detail: 'symbolic link' })
      else if (item.isDirectory()) {
        if (!(await walk(path))) return false
      } else if (!item.isFile())
        refuse({ code: 'not-a-regular-file', file: path, detail: 'not a regular file' })
      else {
        const sink = new FileSink(path, limits)
        const problem = await readFileInto(join(root, path), sink)
        scanned.bytes += sink.size
        if (problem !== null) refuse(problem)
        else scanned.files.set(path, sink.finish())
      }
    }
    return true
  }
  await walk('')
  return scanned
}
