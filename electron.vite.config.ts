// Three builds (DESIGN "Layout"): the Electron main process (ES module, matching package.json
// "main": out/main/index.js), the sandboxed preload (CommonJS: a sandboxed preload cannot load
// ES modules) and the React renderer, served by the main process from out/renderer.
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const root = import.meta.dirname
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string }
const version = { __DALEL_VERSION__: JSON.stringify(pkg.version) }

export default defineConfig({
  main: {
    define: version,
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'src-main/electron-main/index.ts'), formats: ['es'] },
      rolldownOptions: { output: { entryFileNames: 'index.js' } }
    }
  },
  preload: {
    define: version,
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    // Relative asset paths, so the page loads from app://dalel/ and from any static server.
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'src-renderer/index.html') }
    }
  }
})
