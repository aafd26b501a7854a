import { build } from 'vite'
import electronViteConfig from '../../electron.vite.config'

/**
 * Builds the renderer into `outDir` with the app's own renderer config (the one
 * `npm run build` uses for out/renderer), so the suite always tests the current source,
 * whatever was built before and whatever the other builds (main, preload) are doing.
 */
export async function buildRenderer(outDir: string): Promise<void> {
  const renderer = electronViteConfig.renderer ?? {}
  await build({
    ...renderer,
    configFile: false,
    // Errors only: the build's size advice is for `npm run build` to give, not every test run.
    logLevel: 'error',
    build: { ...renderer.build, outDir, emptyOutDir: true }
  })
}
