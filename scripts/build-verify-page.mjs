// Builds verify.html, the offline bundle verifier (DESIGN "Evidence bundle"), into
// resources/bundle/verify.html: one self-contained file with its script and styles inline,
// which the exporter copies into every bundle (verifyPageHtml()). esbuild is a
// devDependency, so the page is built here, at build time, never at export time.
//
// The page's strings are copied from resources/locales/*.json (the keys under
// PAGE_KEY_PREFIXES and PAGE_KEYS), so they are translated in the same place as every other string.
// The output is deterministic: the same sources give the same bytes.
import { build } from 'esbuild'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const PAGE_DIR = join(ROOT, 'src-verify-page')
const OUT_FILE = join(ROOT, 'resources/bundle/verify.html')
const LOCALES = ['kk', 'ru', 'en']
/** The locale keys the page uses (see pageMessages.ts). */
const PAGE_KEY_PREFIXES = [
  'verifyPage.',
  'bundleProblem.',
  'kind.',
  'custody.title.',
  'field.',
  'incident.',
  'entry.asAmended',
  'report.originalValue',
  'report.amendmentLeftOut',
  'report.linkNotDisclosed',
  'entry.number',
  'app.language',
  // dates, written by common/i18n/LocalFormat as the app and report.pdf write them
  'ui.month.'
]
/** Single keys the page uses whose names begin others' it does not ('ui.date' / 'ui.dateField.…'). */
const PAGE_KEYS = ['ui.date', 'ui.dateTimeZone']
const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:"
async function pageMessages() {
  const catalogs = {}
  for (const locale of LOCALES) {
    catalogs[locale] = JSON.parse(
      await readFile(join(ROOT, 'resources/locales', `${locale}.json`), 'utf8')
    )
  }
  const keys = Object.keys(catalogs.en)
    .filter(
      (key) => PAGE_KEYS.includes(key) || PAGE_KEY_PREFIXES.some((prefix) => key.startsWith(prefix))
    )
    .sort()
  const messages = {}
  const missing = []
  for (const locale of LOCALES) {
    messages[locale] = {}
    for (const key of keys) {
      const text = catalogs[locale][key]
      if (typeof text !== 'string' || text.trim() === '') missing.push(`${locale} ${key}`)
      else messages[locale][key] = text
    }
  }
  if (missing.length > 0) throw new Error(`verify.html: untranslated keys: ${missing.join(', ')}`)
  return messages
}

// The page imports src-main/common only (lint keeps common pure); a node:* import reaching
// the page is a mistake, reported here rather than as a broken page in a lawyer's browser.
const noNodeModules = {
  name: 'no-node-modules',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [{ text: `verify.html runs in a browser and may not import ${args.path}` }]
    }))
  }
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export async function buildVerifyPage(outFile = OUT_FILE) {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))
  const messages = await pageMessages()
  const result = await build({
    entryPoints: [join(PAGE_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    // WebCrypto Ed25519 arrived later than this (Chromium 137, Firefox 129, Safari 17); older
    // browsers still run the page and are told that signatures could not be checked.
    target: ['chrome109', 'firefox115', 'safari16'],
    // Not minified: an expert may read the verifier before trusting it.
    minify: false,
    charset: 'utf8',
    legalComments: 'none',
    absWorkingDir: ROOT,
    define: { __VERIFY_PAGE_MESSAGES__: JSON.stringify(messages) },
    plugins: [noNodeModules],
    logLevel: 'warning'
  })
  // "</script" ends the inline script wherever it appears; in JavaScript "<\/" means "</".
  const script = result.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1')
  if (/<!--|<script/i.test(script))
    throw new Error('verify.html: the script contains <!-- or <script')
  const css = await readFile(join(PAGE_DIR, 'verifyPage.css'), 'utf8')
  const noScript = LOCALES.map(
    (l) => `<p lang="${l}">${escapeHtml(messages[l]['verifyPage.noScript'])}</p>`
  ).join('\n')
  const html = `<!doctype html>
<!-- Dalel ${escapeHtml(pkg.version)}: offline evidence bundle verifier. Its source is
     src-verify-page/ in Dalel's repository; it loads nothing from anywhere. -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(messages.en['verifyPage.title'])}</title>
<style>
${css}</style>
</head>
<body>
<noscript>
${noScript}
</noscript>
<script>
${script}</script>
</body>
</html>
`
  await mkdir(dirname(outFile), { recursive: true })
  // Atomic: a test or an export reading the file meanwhile sees the old page or the new one.
  const temporary = join(dirname(outFile), `.tmp-${process.pid}-verify.html`)
  try {
    await writeFile(temporary, html)
    await rename(temporary, outFile)
  } finally {
    await rm(temporary, { force: true })
  }
  return { path: outFile, bytes: Buffer.byteLength(html) }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { path, bytes } = await buildVerifyPage(process.argv[2] ?? OUT_FILE)
  console.log(`${relative(process.cwd(), path)}: ${(bytes / 1024).toFixed(0)} KiB`)
}
