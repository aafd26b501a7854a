// Builds the `dalel` command line to out/cli/dalel.js, one ES module that runs on plain Node.
// Dependencies stay in node_modules (sql.js loads its wasm file from beside itself).
import { build } from 'esbuild'
import { readFile } from 'node:fs/promises'

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))

await build({
  entryPoints: ['src-main/cli/dalel.ts'],
  outfile: 'out/cli/dalel.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  define: { __DALEL_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning'
})
