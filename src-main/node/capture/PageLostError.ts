/**
 * Why the engine lost the page it was capturing:
 * - `crashed`: the renderer died (Inspector.targetCrashed), e.g. a page that exhausts memory;
 * - `unresponsive`: a command got no answer before the capture's hard deadline (a page that
 *   busy-loops, blocks in a dialog, or has a DOM too large to read in time);
 * - `detached`: the page or its debugging session went away (Inspector.detached).
 */
export type PageLoss = 'crashed' | 'unresponsive' | 'detached'

/** The page can no longer be read; what was gathered before is still recorded. */
export class PageLostError extends Error {
  constructor(
    readonly loss: PageLoss,
    detail: string
  ) {
    super(detail)
    this.name = 'PageLostError'
  }
}
