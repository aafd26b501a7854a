/** Wakes whoever waits when something they watch may have changed (a protocol event). */
export class ChangeSignal {
  private waiters = new Set<() => void>()

  notify(): void {
    const waiters = this.waiters
    this.waiters = new Set()
    for (const wake of waiters) wake()
  }

  /** Resolves at the next notify() or after `ms`, whichever comes first. */
  async next(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.waiters.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, Math.max(0, ms))
      this.waiters.add(wake)
    })
  }

  /**
   * Waits until `condition` holds or the monotonic `deadline` (performance.now()) passes;
   * re-checks on every change and at least every `pollMs` (for conditions about time).
   * @returns whether the condition held
   */
  async until(condition: () => boolean, deadline: number, pollMs = 25): Promise<boolean> {
    while (!condition()) {
      const left = deadline - performance.now()
      if (left <= 0) return false
      await this.next(Math.min(left, pollMs))
    }
    return true
  }
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}
