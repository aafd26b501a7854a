// A real vault with an entry of every kind the report draws, every field filled, in Russian
// and Kazakh, with a hostile title: for the report's unit test, the PDF test and the
// verify.html test. Test code only.
import { crc32, deflateSync } from 'node:zlib'
import { toSha256Hex } from '../../common/encoding/brands'
import type { WebCapturePayload } from '../../common/entry/Entry'
import { createTestVault } from './testVault'
import type { StoredEntry, Vault } from '../vault/Vault'

/** Every letter Kazakh adds to Russian's alphabet, both cases. */
export const KAZAKH_LETTERS = 'ӘәҒғҚқҢңӨөҰұҮүҺһІі'
export const HOSTILE_TITLE = '<script>alert("x")</script> Обыск & «тінту» \'quoted\''

/**
 * A real, decodable RGB PNG drawn by `colour(x, y)`.
 * @returns the file's bytes
 */
export function drawPng(
  width: number,
  height: number,
  colour: (x: number, y: number) => readonly [number, number, number]
): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y)
      raw[row + 1 + x * 3] = r
      raw[row + 2 + x * 3] = g
      raw[row + 3 + x * 3] = b
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

/** A page-like picture: a header bar, then stripes of "text" lines. */
function pagePng(width: number, height: number): Buffer {
  return drawPng(width, height, (x, y) => {
    if (y < 60) return [11, 79, 138]
    const line = Math.floor((y - 60) / 24)
    const inText = (y - 60) % 24 < 12 && x > 40 && x < width - 40 - ((line * 37) % 200)
    return inText ? [60, 60, 60] : [250, 250, 250]
  })
}

export interface ReportFixture {
  vault: Vault
  note: StoredEntry
  incident: StoredEntry
  photos: StoredEntry
  capture: StoredEntry
  amendment: StoredEntry
  custody: StoredEntry
  /** recorded but never disclosed */
  secret: StoredEntry
  screenshots: { full: Buffer; viewport: Buffer }
}

export function capturePayload(startedAt: string): WebCapturePayload {
  return {
    requestedUrl: 'http://news.example.kz/article?id=42&lang=kk',
    finalUrl: 'https://news.example.kz/kk/article/42',
    outcome: 'captured',
    redirects: [
      {
        from: 'http://news.example.kz/article?id=42&lang=kk',
        to: 'https://news.example.kz/kk/article/42',
        kind: 'http',
        status: 301
      }
    ],
    status: 200,
    statusText: 'OK',
    httpVersion: 'h2',
    responseHeaders: [
      { name: 'content-type', value: 'text/html; charset=utf-8' },
      { name: 'server', value: 'nginx' },
      { name: 'set-cookie', value: 'a=1' },
      { name: 'set-cookie', value: 'b=2' }
    ],
    serverIp: '192.0.2.10',
    serverPort: 443,
    tls: {
      protocol: 'TLS 1.3',
      cipher: 'AES_256_GCM',
      keyExchange: 'X25519',
      certificatesFrom: 'browser',
      certificates: [
        {
          subject: 'CN=news.example.kz',
          issuer: 'CN=Example CA, O=Example',
          serialNumber: '0A1B2C3D',
          notBefore: '2026-01-01T00:00:00.000Z',
          notAfter: '2026-12-31T23:59:59.000Z',
          subjectAltName: 'DNS:news.example.kz, DNS:www.news.example.kz',
          sha256: toSha256Hex('ab'.repeat(32)),
          pem: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUAAAA\n-----END CERTIFICATE-----\n'
        }
      ]
    },
    title: 'Мақала: сайлау туралы <b>жаңалық</b>',
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + 4200).toISOString(),
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36',
    viewport: { width: 1280, height: 800, deviceScaleFactor: 1 },
    page: { width: 1280, height: 3200 },
    browser: { name: 'Chromium', version: '156.0.8078.79', protocol: '1.3' },
    tool: { name: 'Dalel', version: '0.1.0' },
    operator: 'Айгерим Сәрсенова',
    requestCount: 37,
    popupsBlocked: ['https://ads.example.com/pop'],
    warnings: ['lazy-load-budget'],
    text: `Сайлау туралы мақала.\n${KAZAKH_LETTERS}\nБұл мәтін беттен алынды.`
  }
}

/** Entries 1–7: note, incident, photos, web capture, amendment, custody, and a secret. */
export async function makeReportVault(dir: string): Promise<ReportFixture> {
  const { vault } = await createTestVault(dir)
  const note = await vault.append({
    kind: 'note',
    title: 'Звонок с угрозой редактору',
    occurredAt: '2026-02-27T21:40:00+05:00',
    payload: {
      body: 'Неизвестный потребовал снять статью о выборах.\nСказал: «Пожалеете».',
      tags: ['угроза', 'телефон']
    }
  })
  const incident = await vault.append({
    kind: 'incident',
    title: HOSTILE_TITLE,
    occurredAt: '2026-02-28T06:05:00+05:00',
    payload: {
      type: 'search',
      body: `Тінту таңғы 6-да басталды. ${KAZAKH_LETTERS}\nОбыск начался в 6 утра; изъяли ноутбуки.`,
      place: 'Алматы, Абай даңғылы 10, «Дәлел» редакциясы',
      peopleInvolved: ['Ержан Қасымов', 'Мария Иванова'],
      officials: [
        { name: 'Серік Әлиев', position: 'майор', unit: 'ҰҚК Алматы бойынша департаменті' },
        { position: 'следователь', unit: 'ДП г. Алматы' }
      ],
      legalBasisShown: 'Постановление о производстве обыска № 123 от 27.02.2026',
      itemsSeized: ['ноутбук Lenovo', 'телефон iPhone', 'флешка 32 ГБ'],
      lawyersAdmitted: ['Гүлнар Омарова'],
      lawyersRefused: ['Ахмет Нұрланов'],
      witnesses: ['Оспанова Г.', 'Петров В.'],
      tags: ['тінту', 'обыск']
    }
  })
  const photo = drawPng(640, 420, (x, y) => [(x * 255) / 640, (y * 255) / 420, 160])
  const photos = await vault.append(
    {
      kind: 'file',
      title: 'Фото протокола обыска',
      payload: { body: 'Сфотографировано после ухода.' }
    },
    [
      { bytes: photo, name: 'протокол.png', mediaType: 'image/png' },
      { bytes: Buffer.from('Протокол обыска\n'.repeat(50)), name: 'протокол.txt' }
    ]
  )
  const screenshots = { full: pagePng(1280, 3200), viewport: pagePng(1280, 800) }
  const capture = await vault.append(
    {
      kind: 'web-capture',
      title: 'Мақала: сайлау туралы',
      payload: capturePayload('2026-03-01T09:03:00.000Z')
    },
    [
      {
        bytes: screenshots.full,
        name: 'page-full.png',
        role: 'screenshot-full',
        mediaType: 'image/png'
      },
      {
        bytes: screenshots.viewport,
        name: 'page-viewport.png',
        role: 'screenshot-viewport',
        mediaType: 'image/png'
      },
      {
        bytes: Buffer.from('Сайлау туралы мақала.'),
        name: 'page.txt',
        role: 'text',
        mediaType: 'text/plain'
      }
    ]
  )
  const amendment = await vault.append({
    kind: 'amendment',
    title: 'Уточнение места обыска',
    payload: {
      target: { seq: incident.seq, id: incident.id },
      reason: 'адрес указан неточно',
      changes: { place: 'Алматы, Абай даңғылы 12' }
    }
  })
  const custody = await vault.append({
    kind: 'custody',
    title: 'Передача флешки адвокату',
    payload: { action: 'handover', recipient: 'Гүлнар Омарова', purpose: 'суд', entries: [2, 3] }
  })
  const secret = await vault.append({
    kind: 'note',
    title: 'SECRET source name',
    payload: { body: 'never disclosed' }
  })
  return { vault, note, incident, photos, capture, amendment, custody, secret, screenshots }
}
