import { describe, expect, it } from 'vitest'
import type { DalelEvents, EventName } from '../common/contract/DalelApi'
import { translate } from '../common/i18n/translate'
import type { MessageKey, MessageParams } from '../common/i18n/translate'
import { emitWithWatchNotifications, watchNotification } from './watchNotification'

const url = 'https://redaktsiya.example.kz/statya'
const ru = (key: MessageKey, params?: MessageParams) => translate('ru', key, params)

describe('watchNotification', () => {
  it('tells a change of state in the language, without naming the address', () => {
    const shown = watchNotification(ru, { url, seq: 7, before: 'up', after: 'unavailable' })
    expect(shown).toEqual({
      title: ru('desktop.watch.notifyTitle'),
      body: ru('desktop.watch.notifyBody', { after: 'недоступна' })
    })
    expect(JSON.stringify(shown)).not.toContain('redaktsiya')
  })

  it('stays silent for a probe that changed nothing', () => {
    expect(watchNotification(ru, { url, seq: 8, after: 'up' })).toBeNull()
  })

  it('passes every event on to the page and notifies only for changes', () => {
    const sent: EventName[] = []
    const shown: string[] = []
    const emit = emitWithWatchNotifications(
      (event) => {
        sent.push(event)
      },
      ru,
      (n) => shown.push(n.body)
    )
    const probe = (p: DalelEvents['watchProbe']) => {
      emit('watchProbe', p)
    }
    probe({ url, seq: 1, after: 'up' })
    probe({ url, seq: 2, before: 'up', after: 'gone' })
    emit('locked', { reason: 'user' })
    expect(sent).toEqual(['watchProbe', 'watchProbe', 'locked'])
    expect(shown).toEqual([ru('desktop.watch.notifyBody', { after: 'исчезла' })])
  })
})
