import type { EntryField } from '../EntryField'
import { ABOUT_FIELD } from './commonFields'
import { joined } from './joined'

export const PROBE_FIELDS: readonly EntryField<'probe'>[] = [
  ABOUT_FIELD,
  { key: 'url', label: 'report.probe.url', shape: 'code' },
  {
    key: 'outcome',
    label: 'report.probe.outcome',
    shape: 'message',
    covers: ['outcome', 'status'],
    read: (p) => ({
      shape: 'message',
      key: `probeOutcome.${p.outcome}`,
      params: { status: p.status ?? '' }
    })
  },
  { key: 'reason', label: 'report.probe.reason', shape: 'code' },
  { key: 'startedAt', label: 'report.capture.startedAt', shape: 'time' },
  { key: 'endedAt', label: 'report.capture.endedAt', shape: 'time' },
  {
    key: 'dns',
    label: 'report.probe.dns',
    shape: 'code',
    read: (p) => ({
      shape: 'code',
      value: `${p.dns.host} → ${
        p.dns.error ?? p.dns.addresses.map((a) => a.address).join(', ')
      } (${p.dns.ms} ms)`
    })
  },
  {
    key: 'connects',
    label: 'report.probe.connects',
    shape: 'list',
    read: (p) => ({
      shape: 'list',
      value: p.connects.map(
        (c) =>
          `${c.address.includes(':') ? `[${c.address}]` : c.address}:${c.port} ${joined(
            c.result,
            c.error
          )} (${c.ms} ms)`
      )
    })
  },
  {
    key: 'tls',
    label: 'report.probe.tls',
    shape: 'list',
    read: (p) =>
      p.tls === undefined
        ? undefined
        : {
            shape: 'list',
            value: [
              `SNI ${p.tls.serverName ?? '—'}; ${joined(p.tls.protocol, p.tls.cipher)} (${p.tls.ms} ms)`,
              p.tls.authorized ? '✓' : `✗ ${p.tls.error ?? ''}`,
              ...p.tls.certificates.map((c) => `${c.subject} — SHA-256 ${c.sha256}`),
              ...(p.tls.chainSha256 !== undefined ? [`chain SHA-256 ${p.tls.chainSha256}`] : [])
            ]
          }
  },
  {
    key: 'http',
    label: 'report.probe.http',
    shape: 'list',
    read: (p) =>
      p.http === undefined
        ? undefined
        : {
            shape: 'list',
            value: [
              `HTTP/${p.http.httpVersion} ${joined(p.http.status, p.http.statusText)} (TTFB ${p.http.ttfbMs} ms)`,
              `${p.http.bodyBytes}${p.http.bodyTruncated ? '+' : ''} B, SHA-256 ${p.http.bodySha256}`,
              ...p.http.headers.map((h) => `${h.name}: ${h.value}`)
            ]
          }
  },
  {
    key: 'vantage',
    label: 'report.probe.vantage',
    shape: 'list',
    read: (p) => ({
      shape: 'list',
      value: [
        ...p.vantage.interfaces.map((i) => `${i.name} ${i.address}`),
        `DNS ${p.vantage.resolvers.join(', ')}`,
        p.vantage.platform
      ]
    })
  },
  {
    key: 'tool',
    label: 'report.capture.tool',
    shape: 'message',
    covers: ['tool', 'timeoutMs'],
    read: (p) => ({
      shape: 'message',
      key: 'report.capture.toolValue',
      params: { tool: joined(p.tool.name, p.tool.version), seconds: p.timeoutMs / 1000 }
    })
  },
  { key: 'operator', label: 'report.capture.operator', shape: 'text' }
]
