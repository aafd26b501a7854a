/**
 * The report's CSS, for the screen and for A4 print. Fonts are the system's, with DejaVu
 * first: it has every Cyrillic and Kazakh letter (ә ғ қ ң ө ұ ү һ і) and ships with Debian;
 * nothing is fetched. The page footer uses CSS margin boxes (Chromium 131+), so report.html
 * printed from a browser numbers its pages as report.pdf does.
 * @param footer CSS `content` values, already quoted: the bundle, and "page X of Y"
 */
export function reportStyles(footer: { left: string; right: string }): string {
  return `
@page {
  size: A4;
  margin: 16mm 15mm 18mm;
  @bottom-left {
    content: ${footer.left};
    font: 7.5pt 'DejaVu Sans Mono', 'Liberation Mono', monospace;
    color: #666;
  }
  @bottom-right {
    content: ${footer.right};
    font: 8pt 'DejaVu Sans', 'Noto Sans', Arial, sans-serif;
    color: #666;
  }
}
:root {
  font-family: 'DejaVu Sans', 'Noto Sans', 'Liberation Sans', Arial, sans-serif;
  font-size: 9.5pt;
  line-height: 1.4;
  color: #111;
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
body { margin: 0 auto; max-width: 190mm; }
@media screen { body { padding: 12mm; } }
h1 { font-size: 22pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 0 0 2mm; }
h3 { font-size: 10.5pt; margin: 5mm 0 1.5mm; color: #333; break-after: avoid; }
p { margin: 0 0 2mm; }
.brand { font-size: 10pt; letter-spacing: 0.3em; text-transform: uppercase; color: #0b4f8a; margin-top: 10mm; }
.subtitle { font-size: 11pt; color: #444; margin-bottom: 6mm; overflow-wrap: anywhere; }
.mono, pre, .fingerprint {
  font-family: 'DejaVu Sans Mono', 'Liberation Mono', Consolas, monospace;
}
.mono { font-size: 0.92em; overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; }
.hash { font-size: 0.85em; }
.small { font-size: 0.85em; color: #444; }
.none { color: #888; }
table { border-collapse: collapse; width: 100%; }
table.fields th {
  width: 32%;
  text-align: left;
  vertical-align: top;
  font-weight: normal;
  color: #555;
  padding: 1.2mm 3mm 1.2mm 0;
}
table.fields td { vertical-align: top; padding: 1.2mm 0; overflow-wrap: anywhere; }
table.fields tr { border-bottom: 0.2mm solid #ddd; break-inside: avoid; }
/* A label breaks between words only: «Альтернативные имена» must not split mid-word (a td's
   overflow-wrap: anywhere would reach a table nested in it). */
table.fields table.fields th { width: 30%; overflow-wrap: normal; }
td ul { margin: 0; padding-left: 4mm; }
table.attachments th, table.attachments td {
  text-align: left; vertical-align: top; padding: 1.2mm 2mm 1.2mm 0; border-bottom: 0.2mm solid #ddd;
}
table.attachments tr { break-inside: avoid; }
table.attachments td.hash { width: 42%; overflow-wrap: anywhere; }
table.headers td { border-bottom: 0.2mm solid #eee; padding: 0.5mm 2mm 0.5mm 0; font-size: 0.85em; vertical-align: top; overflow-wrap: anywhere; }
table.headers td:first-child { white-space: nowrap; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
pre.json, pre.pem { font-size: 0.8em; }
pre.command { background: #f1f1f1; padding: 2mm 3mm; border-radius: 1mm; margin: 1mm 0 3mm; font-size: 0.9em; break-inside: avoid; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.cover { break-after: page; }
.fingerprint-box { border: 0.4mm solid #0b4f8a; border-radius: 1.5mm; padding: 3mm 4mm; margin: 6mm 0 4mm; break-inside: avoid; }
.fingerprint-box .label { color: #0b4f8a; font-weight: bold; }
.fingerprint { font-size: 12.5pt; font-weight: bold; word-spacing: 0.15em; overflow-wrap: anywhere; }
.note { color: #444; }
ol.contents { padding-left: 6mm; }
ol.contents li { margin-bottom: 1mm; overflow-wrap: anywhere; }
.entry { break-before: page; }
.availability { break-before: page; }
table.availability-table { width: 100%; border-collapse: collapse; font-size: 0.85em; }
table.availability-table th, table.availability-table td { text-align: left; vertical-align: top; padding: 0.8mm 2mm 0.8mm 0; border-bottom: 0.2mm solid #ddd; }
table.availability-table tr { break-inside: avoid; }
table.availability-table tr.unavailable td, table.availability-table tr.gone td { color: #8a1010; }
table.availability-table td.seq { white-space: nowrap; }
table.availability-table td.hash { font-size: 0.8em; overflow-wrap: anywhere; width: 35%; }
.entry-title { font-size: 12pt; font-weight: bold; overflow-wrap: anywhere; }
figure { margin: 2mm 0 4mm; break-inside: avoid; }
/* An image is never taller than a page: a tall full-page screenshot comes cut into parts of
   at most 215 mm at the page's width (imageFigures), and anything else is shrunk to fit. */
figure img { display: block; max-width: 100%; max-height: 225mm; margin: 0 auto; border: 0.2mm solid #ccc; object-fit: contain; }
figure.part { margin-bottom: 2mm; }
.part-label { font-weight: bold; }
figcaption { font-size: 0.85em; color: #333; margin-top: 1.5mm; overflow-wrap: anywhere; }
.caption-main { font-weight: bold; }
.certificate { margin: 2mm 0; padding-left: 2mm; border-left: 0.6mm solid #ddd; }
.cert-index { font-weight: bold; margin: 0; overflow-wrap: anywhere; }
.appendix { break-before: page; }
`
}
