import type { MessageKey } from '../../i18n/translate'
import type { EntryField } from '../EntryField'
import { ABOUT_FIELD } from './commonFields'
import { joined } from './joined'

export const WEB_CAPTURE_FIELDS: readonly EntryField<'web-capture'>[] = [
  ABOUT_FIELD,
  { key: 'requestedUrl', label: 'report.capture.requestedUrl', shape: 'code' },
  { key: 'finalUrl', label: 'report.capture.finalUrl', shape: 'code' },
  {
    key: 'outcome',
    label: 'report.capture.outcome',
    shape: 'enum',
    enumPrefix: 'report.outcome.'
  },
  { key: 'reason', label: 'report.capture.reason', shape: 'text' },
  {
    key: 'redirects',
    label: 'report.capture.redirects',
    shape: 'list',
    read: (p) =>
      p.redirects.length === 0
        ? undefined
        : {
            shape: 'list',
            value: p.redirects.map((r) => `${r.from} → ${r.to} (${joined(r.kind, r.status)})`)
          }
  },
  {
    key: 'status',
    label: 'report.capture.status',
    shape: 'text',
    covers: ['status', 'statusText'],
    read: (p) =>
      p.status === undefined ? undefined : { shape: 'text', value: joined(p.status, p.statusText) }
  },
  { key: 'httpVersion', label: 'report.capture.httpVersion', shape: 'text' },
  {
    key: 'serverIp',
    label: 'report.capture.server',
    shape: 'code',
    covers: ['serverIp', 'serverPort'],
    read: (p) =>
      p.serverIp === undefined
        ? undefined
        : {
            shape: 'code',
            value: `${p.serverIp.includes(':') ? `[${p.serverIp}]` : p.serverIp}${
              p.serverPort !== undefined ? `:${p.serverPort}` : ''
            }`
          }
  },
  { key: 'title', label: 'report.capture.pageTitle', shape: 'text' },
  { key: 'startedAt', label: 'report.capture.startedAt', shape: 'time' },
  { key: 'endedAt', label: 'report.capture.endedAt', shape: 'time' },
  { key: 'userAgent', label: 'report.capture.userAgent', shape: 'code' },
  {
    key: 'viewport',
    label: 'report.capture.viewport',
    shape: 'message',
    read: (p) => ({
      shape: 'message',
      key: 'report.viewportValue',
      params: {
        width: p.viewport.width,
        height: p.viewport.height,
        scale: p.viewport.deviceScaleFactor
      }
    })
  },
  {
    key: 'page',
    label: 'report.capture.page',
    shape: 'text',
    read: (p) =>
      p.page === undefined
        ? undefined
        : { shape: 'text', value: `${p.page.width}×${p.page.height}` }
  },
  {
    key: 'browser',
    label: 'report.capture.browser',
    shape: 'text',
    read: (p) => ({
      shape: 'text',
      value: joined(
        p.browser.name,
        p.browser.version,
        p.browser.revision,
        p.browser.protocol === undefined ? undefined : `CDP ${p.browser.protocol}`
      )
    })
  },
  {
    key: 'tool',
    label: 'report.capture.tool',
    shape: 'text',
    covers: ['tool', 'timeoutMs'],
    read: (p) =>
      p.timeoutMs === undefined
        ? { shape: 'text', value: joined(p.tool.name, p.tool.version) }
        : {
            shape: 'message',
            key: 'report.capture.toolValue',
            params: { tool: joined(p.tool.name, p.tool.version), seconds: p.timeoutMs / 1000 }
          }
  },
  { key: 'operator', label: 'report.capture.operator', shape: 'text' },
  { key: 'requestCount', label: 'report.capture.requestCount', shape: 'number' },
  { key: 'popupsBlocked', label: 'report.capture.popupsBlocked', shape: 'list' },
  { key: 'navigationsBlocked', label: 'report.capture.navigationsBlocked', shape: 'list' },
  { key: 'warnings', label: 'report.capture.warnings', shape: 'list' },
  { key: 'automationSignals', label: 'report.capture.automationSignals', shape: 'list' },
  {
    key: 'changedDuringCapture',
    label: 'report.capture.changedDuringCapture',
    shape: 'list'
  },
  {
    key: 'recheck',
    label: 'report.capture.recheck',
    shape: 'message',
    read: (p) => {
      const r = p.recheck
      if (r === undefined) return undefined
      const changed = (flag: boolean | undefined): MessageKey =>
        flag === undefined
          ? 'report.recheck.notCompared'
          : flag
            ? 'report.recheck.yes'
            : 'report.recheck.no'
      return {
        shape: 'message',
        key: 'report.recheckValue',
        params: { seq: r.of.seq },
        named: {
          outcome: [`status.${r.outcome}`, { seq: r.restoredFrom?.seq ?? '' }],
          previous: `report.outcome.${r.previousOutcome}`,
          text: changed(r.textChanged),
          screenshot: changed(r.screenshotChanged)
        }
      }
    }
  },
  { key: 'tls', label: 'report.capture.tls', shape: 'tls' },
  { key: 'responseHeaders', label: 'report.capture.responseHeaders', shape: 'headers' },
  { key: 'text', label: 'report.capture.text', shape: 'prose', block: true }
]
