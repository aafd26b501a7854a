/**
 * Runs `work` and fails it only when it stops making progress: `alive(step)` must be called
 * at least every `stallMs`, and the failure names the last step reported. The long crash
 * suites run hundreds of rounds whose time follows the machine's load (a SIGKILL round took
 * ~1.3 s quiet and over 3 s at load 20–30 on two cores); a budget per round turned that load
 * into failures. Here a round may take what the machine needs, and only one that never ends —
 * a child that hangs, a lock never given up — fails, at once and by name.
 */
export async function failOnStall<T>(
  stallMs: number,
  work: (alive: (step: string) => void) => Promise<T>
): Promise<T> {
  let step = 'the start'
  let timer: NodeJS.Timeout | undefined
  let fail: (error: Error) => void = () => undefined
  const stalled = new Promise<never>((_, reject) => {
    fail = reject
  })
  const alive = (next: string) => {
    step = next
    clearTimeout(timer)
    timer = setTimeout(() => {
      fail(new Error(`no progress in ${stallMs / 1000} s since ${step}`))
    }, stallMs)
  }
  alive(step)
  try {
    return await Promise.race([work(alive), stalled])
  } finally {
    clearTimeout(timer)
  }
}
