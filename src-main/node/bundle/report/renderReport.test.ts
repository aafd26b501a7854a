import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Entry } from '../../../common/entry/Entry'
import type { Locale } from '../../../common/i18n/translate'
import { tempDir } from '../../testing/testVault'
import { COMPARE_FINGERPRINT } from '../../testing/fingerprintCompare'
import type { BundleManifest, ManifestFile } from '../../../common/bundle/bundleLayout'
import type { ReportEntry } from './renderEntry'
import type { ReportInput } from './renderReport'
import { sniffImage } from '../../../common/media/sniffImage'
import { embeddedImages } from './renderEntryFiles'
import { escapeHtml } from './ReportWriter'
import { keyFingerprint, renderReportHtml } from './renderReport'
import { decodePng, encodePng, stitchPngs } from '../../media/png'
import { partRows } from './imageFigures'
import {
  HOSTILE_TITLE,
  KAZAKH_LETTERS,
  drawPng,
  makeReportVault
} from '../../testing/reportFixture'
import type { ReportFixture } from '../../testing/reportFixture'

let dir: { path: string; remove: () => Promise<void> }
let fx: ReportFixture
let entries: ReportEntry[]

function manifestFor(reportEntries: readonly ReportEntry[]): BundleManifest {
  const head = [...fx.vault.links()].at(-1)
  if (head === undefined) throw new Error('empty vault')
  return {
    format: 'dalel-bundle',
    version: 1,
    bundleId: '019cadfd-8900-7000-8000-000000000001',
    created: '2026-03-02T10:00:00.000Z',
    exporter: 'Айгерим <b>Сәрсенова</b>',
    recipient: 'Гүлнар Омарова',
    purpose: '',
    locale: 'kk',
    vaultId: fx.vault.vaultId,
    publicKey: Buffer.from(fx.vault.publicKey).toString('hex'),
    head: { seq: head.seq, chain: head.chain, signature: head.signature },
    entries: reportEntries.map((r) => ({
      seq: r.entry.seq,
      id: r.entry.id,
      kind: r.entry.kind,
      files: [...r.files]
    }))
  }
}

function input(locale: Locale, only: readonly ReportEntry[] = entries): ReportInput {
  return {
    locale,
    manifest: manifestFor(only),
    bundleName: 'bundle.zip',
    chainLength: 7,
    // Aqtobe keeps UTC+5 all year (Almaty's offset changed in 2024; not every tz database knows).
    timeZone: 'Asia/Aqtobe',
    entries: only
  }
}

/** Spaces as a date is written in the report: no-break, so it never parts at a line end. */
const nb = (text: string) => text.replace(/ /g, '\u00a0')

/** The text a reader sees: tags removed, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
}

beforeAll(async () => {
  dir = await tempDir('dalel-report-unit-')
  fx = await makeReportVault(dir.path)
  entries = [fx.note, fx.incident, fx.photos, fx.capture, fx.amendment, fx.custody].map(
    (stored) => {
      const entry = stored.entry as Entry
      const files: ManifestFile[] = [
        { path: `entries/${entry.seq}/entry.json`, sha256: 'e'.repeat(64), size: 100 },
        ...entry.attachments.map((a, index) => ({
          path: `entries/${entry.seq}/${a.name}`,
          sha256: a.sha256,
          size: a.size,
          attachment: index
        }))
      ]
      const images = new Map<number, Uint8Array>()
      if (stored.seq === fx.capture.seq) {
        images.set(0, fx.screenshots.full)
        images.set(1, fx.screenshots.viewport)
      }
      const disclosure = fx.vault.disclosure(stored.seq)
      return { entry, salt: disclosure.salt, link: stored.link, files, images }
    }
  )
})
afterAll(async () => {
  await fx.vault.close()
  await dir.remove()
})

describe('renderReportHtml', () => {
  it('prints a hostile title, exporter and URL as text, never as markup', () => {
    const html = renderReportHtml(input('en'))
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<b>Сәрсенова</b>')
    expect(html).not.toContain('<b>жаңалық</b>')
    expect(html).toContain(escapeHtml(HOSTILE_TITLE))
    expect(visibleText(html)).toContain(HOSTILE_TITLE)
    expect(visibleText(html)).toContain('Айгерим <b>Сәрсенова</b>')
  })

  it('allows no script, no network and only data: images, by its CSP', () => {
    const html = renderReportHtml(input('ru'))
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`
    )
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(/i)
    const sources = [...html.matchAll(/\ssrc="([^"]*)"/g)].map((m) => m[1] ?? '')
    // the viewport screenshot, and the 3200-pixel full page in three parts
    expect(sources.length).toBe(4)
    for (const src of sources) expect(src).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/)
    expect(html).not.toMatch(/\shref=/)
  })

  it('shows every field of an incident, recorded or not, in Kazakh', () => {
    const text = visibleText(renderReportHtml(input('kk', [entries[1] as ReportEntry])))
    for (const label of [
      'Түрі',
      'Орны',
      'Қатысушылар',
      'Лауазымды тұлғалар',
      'Көрсетілген құқықтық негіз',
      'Алынған заттар',
      'Кіргізілген адвокаттар',
      'Кіргізілмеген адвокаттар',
      'Куәгерлер',
      'Белгілер',
      'Жазылған уақыты',
      'Болған уақыты',
      'Жазба хэші',
      'Тізбек хэші',
      'Қолтаңба',
      'Тұз'
    ])
      expect(text, label).toContain(label)
    for (const value of [
      'тінту (search)',
      'Алматы, Абай даңғылы 10, «Дәлел» редакциясы',
      'Ержан Қасымов',
      'Аты: Серік Әлиев; Лауазымы: майор; Бөлімше: ҰҚК Алматы бойынша департаменті',
      'Лауазымы: следователь; Бөлімше: ДП г. Алматы',
      'Постановление о производстве обыска № 123 от 27.02.2026',
      'флешка 32 ГБ',
      'Гүлнар Омарова',
      'Ахмет Нұрланов',
      'Петров В.',
      KAZAKH_LETTERS,
      fx.incident.link.commitment,
      fx.incident.link.chain,
      fx.incident.link.signature
    ])
      expect(text, value).toContain(value)
  })

  it('says a stored word once in English, and beside its name in Russian and Kazakh', () => {
    const en = visibleText(renderReportHtml(input('en'))).replace(/\s+/g, ' ')
    for (const twice of [
      'search (search)',
      'captured (captured)',
      'web capture (web-capture)',
      'note (note)',
      'hand-over (handover)'
    ])
      expect(en).not.toContain(twice)
    expect(en).toContain('Kind custody record (custody)')
    expect(en).toContain('Type search ')
    expect(en).toContain('Kind web capture ')
    const ru = visibleText(renderReportHtml(input('ru'))).replace(/\s+/g, ' ')
    expect(ru).toContain('обыск (search)')
    expect(ru).toContain('фиксация веб-страницы (web-capture)')
  })

  it('shows an incident field that was not recorded as a dash', () => {
    const bare: ReportEntry = {
      ...(entries[1] as ReportEntry),
      entry: {
        ...entries[1]?.entry,
        kind: 'incident',
        payload: { type: 'threat' }
      } as Entry
    }
    const html = renderReportHtml(input('ru', [bare]))
    const row = /Адвокаты не допущены<\/th><td>(.*?)<\/td>/.exec(html)?.[1] ?? ''
    expect(row).toContain('—')
    expect(visibleText(html)).toContain('угроза (threat)')
  })

  it('prints every empty value as the same dash in the text face, and entry numbers with «№» in Russian', () => {
    const custody = entries[5] as ReportEntry
    const html = renderReportHtml(input('ru', [custody]))
    // a time not stated is not a monospace dash (narrower, a second kind of dash)
    expect(html).toMatch(/Дата события<\/th><td><span class="none">—<\/span><\/td>/)
    expect(html).not.toMatch(/<span class="mono"><span class="none">/)
    expect(visibleText(html)).toMatch(/Записи\s+№2, №3/)
    expect(visibleText(html)).not.toContain('#2')
  })

  it('captions a capture’s screenshots with the URL and the UTC time, in Russian', () => {
    const text = visibleText(renderReportHtml(input('ru', [entries[3] as ReportEntry])))
    expect(text).toContain(
      `https://news.example.kz/kk/article/42 — зафиксировано ${nb('1 марта 2026 г., 09:03 (UTC)')}`
    )
    for (const value of [
      'Запрошенный адрес',
      'http://news.example.kz/article?id=42&lang=kk',
      '192.0.2.10:443',
      'TLS 1.3, AES_256_GCM, X25519',
      'CN=Example CA, O=Example',
      '1280×800 CSS-пикселей, масштаб 1',
      'Chromium 156.0.8078.79',
      'set-cookie',
      'lazy-load-budget',
      'снимок экрана видимой части'
    ])
      expect(text, value).toContain(value)
  })

  it('puts payload fields it does not know under “other fields”, so none is lost', () => {
    const odd: ReportEntry = {
      ...(entries[0] as ReportEntry),
      entry: {
        ...(entries[0]?.entry as Entry),
        payload: { body: 'b', futureField: { nested: '<i>x</i>' } }
      } as unknown as Entry
    }
    const html = renderReportHtml(input('en', [odd]))
    expect(visibleText(html)).toContain('Other recorded fields')
    expect(visibleText(html)).toContain('futureField')
    expect(html).toContain('&#60;i&#62;x&#60;/i&#62;')
  })

  it('shows an entry’s links both ways, as anchors when disclosed, and says when one is not in the bundle', () => {
    const [note, incident] = entries as [ReportEntry, ReportEntry]
    const target = incident.entry
    const linked: ReportEntry = {
      ...note,
      entry: {
        ...note.entry,
        payload: {
          about: [
            { seq: target.seq, id: target.id },
            { seq: 99, id: 'x' }
          ]
        }
      } as Entry
    }
    const html = renderReportHtml(input('ru', [linked, incident]))
    const text = visibleText(html)
    expect(html).toContain(`<a href="#entry-${target.seq}">№${target.seq}</a>`)
    expect(text).toContain('№99 (не входит в этот пакет)')
    // "Referred to by", in the incident's section, pointing back at the note
    const incidentSection = html.slice(html.indexOf(`id="entry-${target.seq}"`))
    expect(visibleText(incidentSection)).toContain('Упоминается в записях')
    expect(incidentSection).toContain(`<a href="#entry-${note.entry.seq}">№${note.entry.seq}</a>`)
  })

  it('has a cover with the key fingerprint and the head, and the appendix commands', () => {
    const html = renderReportHtml(input('kk'))
    const text = visibleText(html)
    const fingerprint = keyFingerprint(Buffer.from(fx.vault.publicKey).toString('hex'))
    expect(fingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/)
    // in two halves of eight groups, which may wrap apart
    expect(text.replace(/\s+/g, ' ')).toContain(fingerprint)
    expect(text).toContain([...fx.vault.links()].at(-1)?.chain ?? 'none')
    expect(text).toContain('тізбектегі 7 жазбаның 6')
    // the purpose, not given: one dash, as every empty value
    expect(html).toMatch(/<th scope="row">Мақсаты<\/th><td><span class="none">—<\/span><\/td>/)
    expect(text).toContain('sha256sum -c SHA256SUMS')
    expect(text).toContain(
      'openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in SHA256SUMS -sigfile SHA256SUMS.sig'
    )
    expect(text).toContain('dalel verify-bundle bundle.zip')
    expect(html).toContain('counter(page)')
    expect(html).toContain('"-бет, барлығы "')
  })

  it('shows the key only as its fingerprint, never the raw key, in en, ru and kk', () => {
    const key = Buffer.from(fx.vault.publicKey).toString('hex')
    for (const locale of ['en', 'ru', 'kk'] as const) {
      const html = renderReportHtml(input(locale))
      expect(html.toLowerCase()).not.toContain(key)
      expect(visibleText(html).replace(/\s+/g, ' ')).toContain(keyFingerprint(key))
    }
  })

  it('keeps each date of a capture’s certificate on one line', () => {
    const html = renderReportHtml(input('ru'))
    expect(html).toContain('.nowrap { white-space: nowrap; }')
    expect(html).toContain(
      `с <span class="when">${nb('1 января 2026 г., 05:00 (UTC+5)')}</span> по <span class="when">${nb('1 января 2027 г., 04:59 (UTC+5)')}</span>`
    )
  })

  it('writes every time as a reader reads it, in Russian and Kazakh, and the stored text beside the hashes', () => {
    const ru = renderReportHtml(input('ru'))
    // The incident happened at 06:05 in Almaty; it was recorded by the test clock.
    const incident = ru.slice(ru.indexOf(`id="entry-${fx.incident.seq}"`))
    const row = (label: string) => {
      const at = incident.indexOf(`<th scope="row">${label}</th>`)
      return incident.slice(at, incident.indexOf('</tr>', at))
    }
    expect(row('Дата события')).toContain(nb('28 февраля 2026 г., 06:05 (UTC+5)'))
    expect(row('Записано')).toMatch(
      /<span class="when">\d+\u00a0[а-я]+\u00a02026\u00a0г\.,\u00a0\d\d:\d\d\u00a0\(UTC\+5\)<\/span>/
    )
    // entry.json's own text, to compare with the file, in the technical part of the entry
    const exact = row('Время в entry.json, как записано')
    expect(exact).toContain('occurredAt: <span class="nowrap">2026-02-28T06:05:00+05:00</span>')
    expect(exact).toContain(
      `recordedAt: <span class="nowrap">${fx.incident.entry?.recordedAt}</span>`
    )
    // The cover: the reader's words, manifest.json's text under them.
    expect(ru).toContain(nb('2 марта 2026 г., 15:00 (UTC+5)'))
    expect(ru).toContain('<span class="nowrap">2026-03-02T10:00:00.000Z</span>')
    // Outside those places no ISO time is left for a reader to decode.
    const readable = visibleText(
      ru
        .replace(/<div class="(small )?mono">[\s\S]*?<\/div>/g, '')
        .replace(/<pre[\s\S]*?<\/pre>/g, '')
    )
    expect(readable).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/)

    const kk = renderReportHtml(input('kk'))
    expect(kk).toContain(nb('2026 ж. 28 ақпан, 06:05 (UTC+5)'))
    // The same words Node's own ICU gives for Kazakh (the app's catalogs hold them, because
    // the Chromium the app runs in has no Kazakh data; this Node has).
    if (Intl.DateTimeFormat.supportedLocalesOf(['kk']).length > 0) {
      const icu = new Intl.DateTimeFormat('kk', {
        dateStyle: 'long',
        timeZone: 'Asia/Aqtobe'
      }).format(new Date('2026-02-28T01:05:00Z'))
      expect(kk).toContain(nb(icu))
    }
  })

  it('tells the lawyer to compare the fingerprint with the journalist’s, in en, ru and kk', () => {
    for (const locale of ['en', 'ru', 'kk'] as const) {
      const cover = visibleText(renderReportHtml(input(locale))).replace(/\s+/g, ' ')
      expect(cover).toContain(COMPARE_FINGERPRINT[locale])
    }
  })

  it('writes a size in megabytes with a decimal comma in Kazakh and Russian', () => {
    const photos = entries[2] as ReportEntry
    const [photo, ...rest] = photos.entry.attachments
    if (photo === undefined) throw new Error('the photos entry has no photo')
    // An image whose bytes the report does not hold is named with its size instead.
    const unshown: ReportEntry = {
      ...photos,
      entry: { ...photos.entry, attachments: [{ ...photo, size: 1_250_000 }, ...rest] },
      images: new Map()
    }
    expect(visibleText(renderReportHtml(input('kk', [unshown])))).toContain('(1,3 МБ ')
    expect(visibleText(renderReportHtml(input('ru', [unshown])))).toContain('(1,3 МБ ')
    expect(visibleText(renderReportHtml(input('en', [unshown])))).toContain('(1.3 MB ')
  })

  it('embeds only images whose bytes really are images', () => {
    const capture = entries[3] as ReportEntry
    expect(embeddedImages(capture.entry)).toEqual([1, 0]) // the visible part first
    expect(embeddedImages((entries[2] as ReportEntry).entry)).toEqual([0])
    const fake: ReportEntry = {
      ...capture,
      images: new Map([[1, Buffer.from('<svg onload=alert(1)>')]])
    }
    const html = renderReportHtml(input('en', [fake]))
    expect(html).not.toContain('<svg')
    expect(visibleText(html)).toContain('page-viewport.png is not shown here')
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
  })
})

describe('screenshots in the report', () => {
  const capture = () => entries[3] as ReportEntry
  /** The capture with these screenshots (full page at index 0, viewport at 1). */
  const withShots = (full: Uint8Array, viewport: Uint8Array): ReportEntry => ({
    ...capture(),
    images: new Map([
      [0, full],
      [1, viewport]
    ])
  })
  const images = (html: string) =>
    [...html.matchAll(/<img [^>]*src="data:image\/png;base64,([^"]+)"/g)].map((m) =>
      Buffer.from(m[1] ?? '', 'base64')
    )

  it('prints the picture once when the viewport and full-page screenshots are the same bytes or the same pixels', () => {
    const viewport = fx.screenshots.viewport
    // the same pixels, encoded again: other bytes
    const again = encodePng(decodePng(viewport))
    expect(Buffer.compare(again, viewport)).not.toBe(0)
    for (const full of [viewport, again]) {
      const html = renderReportHtml(input('ru', [withShots(full, viewport)]))
      expect(images(html)).toHaveLength(1)
      const text = visibleText(html)
      expect(text).toContain('page-viewport.png (снимок экрана видимой части, SHA-256')
      expect(text).toContain('содержит в точности те же пиксели')
      expect(text).toContain('entries/4/page-viewport.png в пакете')
    }
    // one pixel differs: both are printed
    const other = decodePng(viewport)
    other.pixels[5000] = (other.pixels[5000] ?? 0) ^ 0xff
    expect(
      images(renderReportHtml(input('ru', [withShots(encodePng(other), viewport)])))
    ).toHaveLength(2)
  })

  it('cuts a tall full-page screenshot into page-sized parts at the page’s width, labelled “part k of n”', () => {
    const full = drawPng(1280, 6000, (x, y) => [
      (y * 7) % 256,
      (x * 3) % 256,
      Math.floor(y / 40) % 256
    ])
    const { rows, parts } = partRows(1280, 6000)
    // 215 mm of a page 180 mm wide: about 1 529 rows of a 1 280-pixel-wide page
    expect(parts).toBe(4)
    expect(rows).toBe(1500)
    const html = renderReportHtml(input('ru', [withShots(full, fx.screenshots.viewport)]))
    const shown = images(html)
    expect(shown).toHaveLength(1 + parts) // the viewport, then the parts
    const cut = shown.slice(1)
    for (const part of cut) expect(decodePng(part)).toMatchObject({ width: 1280, height: rows })
    // the parts are the page, every pixel, in order
    // (Buffer.compare: a deep equality over 23 million bytes takes minutes)
    expect(Buffer.compare(decodePng(stitchPngs(cut)).pixels, decodePng(full).pixels)).toBe(0)
    const text = visibleText(html)
    expect(text).toContain('Разрезано по ширине страницы на 4 части')
    for (let k = 1; k <= parts; k++) expect(text).toContain(`часть ${k} из 4`)
    expect(text).toContain('строки пикселей 4501–6000 из 6000')
    const kk = visibleText(
      renderReportHtml(input('kk', [withShots(full, fx.screenshots.viewport)]))
    )
    expect(kk).toContain('2-бөлік, барлығы 4')
    const en = visibleText(
      renderReportHtml(input('en', [withShots(full, fx.screenshots.viewport)]))
    )
    expect(en).toContain('part 3 of 4')
  })

  it('keeps a picture that fits a page whole, and a narrow one at its own width', () => {
    expect(partRows(1280, 1500).parts).toBe(1)
    // a phone's 390-pixel-wide page is not blown up to the page's width: 215 mm of it is
    // 812 rows at 96 pixels to the inch
    expect(partRows(390, 2000)).toEqual({ rows: 667, parts: 3 })
  })
})
