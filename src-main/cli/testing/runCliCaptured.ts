import { Readable } from 'node:stream'
import { runCli } from '../runCli'

/**
 * Test support, imported by `*.test.ts` only: runs one `dalel` command line in this process
 * with `env` as its whole environment (no PATH: no Chromium is found, no prompt can be
 * answered) and an empty stdin, and returns its exit code and what it printed.
 */
export async function runCliCaptured(
  argv: string[],
  env: NodeJS.ProcessEnv
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli({
    argv,
    env,
    stdin: Readable.from([]),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) }
  })
  return { code, stdout, stderr }
}
