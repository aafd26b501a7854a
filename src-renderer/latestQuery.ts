/**
 * Search as you type, latest query first. Requests of one query (its pages) go out together;
 * a request of another query waits while an older query's request is still being answered,
 * and a waiting request whose query has since been replaced (the person typed another
 * letter) is never sent: it resolves to null at once. The service answers one request at a
 * time, so under load every letter's search would otherwise run in full before the one the
 * person is waiting for; this way at most the one already running is wasted.
 *
 * @param send the bridge call, e.g. `(args) => bridge.timeline(args)`
 * @param queryOf what makes two requests the same query (its pages differ only by offset)
 */
export function latestQuery<A, R>(
  send: (args: A) => Promise<R>,
  queryOf: (args: A) => string
): (args: A) => Promise<R | null> {
  /** requests sent and not answered yet, by query */
  const running = new Map<string, number>()
  let latest: string | null = null
  let waiting: { args: A; resolve: (value: Promise<R | null> | null) => void }[] = []

  const onlyLatestRunning = () => [...running.keys()].every((key) => key === latest)
  const sendWaiting = () => {
    if (!onlyLatestRunning()) return
    const ready = waiting
    waiting = []
    for (const request of ready) request.resolve(start(request.args, queryOf(request.args)))
  }
  const start = async (args: A, key: string): Promise<R> => {
    running.set(key, (running.get(key) ?? 0) + 1)
    try {
      return await send(args)
    } finally {
      const left = (running.get(key) ?? 1) - 1
      if (left === 0) running.delete(key)
      else running.set(key, left)
      sendWaiting()
    }
  }

  return (args) => {
    const key = queryOf(args)
    if (key !== latest) {
      latest = key
      // Replaced before they were sent: the list that asked is gone, the service is spared.
      for (const request of waiting) request.resolve(null)
      waiting = []
    }
    if (onlyLatestRunning()) return start(args, key)
    return new Promise<R | null>((resolve) => {
      waiting.push({ args, resolve })
    })
  }
}
