import { describe, expect, it } from 'vitest'
import { latestQuery } from './latestQuery'

interface Args {
  text: string
  offset: number
}

/** A service that answers when told to, and records what it was asked, in order. */
function heldService() {
  const asked: Args[] = []
  const answers: (() => void)[] = []
  const send = (args: Args) =>
    new Promise<string>((resolve) => {
      asked.push(args)
      answers.push(() => {
        resolve(`${args.text}@${args.offset}`)
      })
    })
  const answerNext = async () => {
    answers.shift()?.()
    // a macrotask: every microtask of the answer and the gate's continuation has run
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return { asked, send, answerNext }
}

const byText = (args: Args) => args.text

describe('search as you type, latest query first', () => {
  it('never sends a search the person typed past while an older one was being answered', async () => {
    const service = heldService()
    const search = latestQuery(service.send, byText)
    const first = search({ text: 'ж', offset: 0 })
    const second = search({ text: 'же', offset: 0 })
    const third = search({ text: 'жес', offset: 0 })
    expect(service.asked.map((a) => a.text)).toEqual(['ж'])
    // "же" was replaced before it could be sent: it is dropped at once, unsent.
    expect(await second).toBeNull()
    await service.answerNext()
    expect(await first).toBe('ж@0')
    expect(service.asked.map((a) => a.text)).toEqual(['ж', 'жес'])
    await service.answerNext()
    expect(await third).toBe('жес@0')
  })

  it('sends the pages of one query together, and waits only for another query', async () => {
    const service = heldService()
    const search = latestQuery(service.send, byText)
    const pages = [search({ text: 'обыск', offset: 0 }), search({ text: 'обыск', offset: 50 })]
    expect(service.asked).toHaveLength(2)
    const next = search({ text: 'обыски', offset: 0 })
    expect(service.asked).toHaveLength(2)
    await service.answerNext()
    // one page of the old query still running: the new one still waits
    expect(service.asked).toHaveLength(2)
    await service.answerNext()
    expect(service.asked.map((a) => `${a.text}@${a.offset}`)).toEqual([
      'обыск@0',
      'обыск@50',
      'обыски@0'
    ])
    expect(await Promise.all(pages)).toEqual(['обыск@0', 'обыск@50'])
    await service.answerNext()
    expect(await next).toBe('обыски@0')
  })

  it('keeps going after a request fails', async () => {
    const asked: string[] = []
    const search = latestQuery(async (args: Args) => {
      asked.push(args.text)
      await Promise.resolve()
      if (args.text === 'а') throw new Error('the bridge went away')
      return args.text
    }, byText)
    const broken = search({ text: 'а', offset: 0 })
    const after = search({ text: 'аб', offset: 0 })
    await expect(broken).rejects.toThrow('the bridge went away')
    expect(await after).toBe('аб')
    expect(asked).toEqual(['а', 'аб'])
  })
})
