/**
 * Runs one mutation of a vault at a time. Two appends interleaved at their awaits would both
 * take the same head and write two journal records with one seq, which no open accepts; a
 * compaction in the middle of an append would export a half-made transaction.
 */
export class WriteQueue {
  private writing: Promise<void> = Promise.resolve()

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.writing
    let release = (): void => undefined
    this.writing = new Promise<void>((resolve) => {
      release = resolve
    })
    try {
      await previous
      return await work()
    } finally {
      release()
    }
  }
}
