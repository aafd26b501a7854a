import { useEffect, useRef } from 'react'
import type { DalelBridge } from './dalelBridge'
import type { DroppedBatch } from './screens/AttachScreen'
import type { Failure } from './useCall'

export interface FileDropOptions {
  /** a vault is open: without one a drop does nothing (but never opens the file) */
  unlocked: boolean
  /** the screen shown takes files (Attach, the timeline, an entry page): not a half-typed form */
  accepts: boolean
  /** the files granted, to be listed on the Attach screen */
  onDropped: (batch: DroppedBatch) => void
  /** why a drop did nothing */
  onFailure: (failure: Failure) => void
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') === true
}

/**
 * Files dropped anywhere on the window. The browser's own answer to a drop — showing the
 * file in place of the app — never happens; with a vault open, the files' paths are asked
 * of the bridge (in the app the preload reads and grants them) and handed on. A drop on a
 * screen holding a form being written is not taken, so no typed account is lost to it.
 */
export function useFileDrop(bridge: DalelBridge, options: FileDropOptions): void {
  // The listeners stay put; what they do follows the latest options.
  const latest = useRef(options)
  useEffect(() => {
    latest.current = options
  })
  useEffect(() => {
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      const { unlocked, accepts } = latest.current
      if (event.dataTransfer !== null)
        event.dataTransfer.dropEffect = unlocked && accepts ? 'copy' : 'none'
    }
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      const { unlocked, accepts, onDropped, onFailure } = latest.current
      const files = [...(event.dataTransfer?.files ?? [])]
      if (!unlocked || files.length === 0) return
      if (!accepts) {
        onFailure({ from: 'page', key: 'ui.attach.dropElsewhere' })
        return
      }
      const take = async () => {
        const granted = await bridge.droppedFiles(files)
        if (!granted.ok) {
          onFailure({ from: 'service', error: granted.error })
          return
        }
        onDropped({ paths: granted.value, skipped: files.length - granted.value.length })
      }
      void take()
    }
    window.addEventListener('dragover', over)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragover', over)
      window.removeEventListener('drop', drop)
    }
  }, [bridge])
}
