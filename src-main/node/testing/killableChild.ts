import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { build } from 'esbuild'

/**
 * The parent's half of the crash tests: a child process that says on stdout, one line at a
 * time, how far it got (childProgram.ts is its half), and is killed with SIGKILL at a moment
 * aimed from one of those lines. A SIGKILL cannot be caught, so what the child leaves on
 * disk is what a crash or a pulled plug leaves.
 */

/** How a child ended, and what it said on the way. */
export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
  /** everything it wrote to stdout */
  stdout: string
  /** its last line on stdout, which says where a kill landed */
  last: string
  stderr: string
}

export interface KillableChild {
  readonly pid: number | undefined
  /**
   * Sends SIGKILL `delayMs` from now. Only the first call counts: a kill is aimed once, from
   * the line that starts the phase it is aimed at.
   */
  killAfter: (delayMs: number) => void
  /** Ends stdin with `go`: the go-ahead for a child that warms up and then waits for it. */
  go: () => void
  /** Resolves once the child has ended and its pipes are drained; cancels a kill not yet sent. */
  exited: () => Promise<ChildExit>
  /** Kills it now if it still runs (a failed test leaves a child waiting for the go-ahead). */
  dispose: () => void
}

export interface KillableChildOptions {
  /** added to a bare PATH: the child inherits nothing else from the test's environment */
  env: Record<string, string>
  /** Called with each line the child writes to stdout, as it arrives. */
  onLine?: (line: string, child: KillableChild) => void
  /** 'pipe' for a child that waits for go(); /dev/null otherwise */
  stdin?: 'pipe' | 'ignore'
}

/** Starts `node <script> <args…>`, reading its stdout line by line. */
export function spawnKillableChild(
  script: string,
  args: readonly string[],
  options: KillableChildOptions
): KillableChild {
  const argv = [script, ...args]
  const env = { PATH: process.env.PATH ?? '', ...options.env }
  // Two calls, so the types know stdout and stderr are pipes either way.
  const child =
    options.stdin === 'pipe'
      ? spawn(process.execPath, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>
  let stdout = ''
  let last = ''
  let stderr = ''
  let pending = ''
  let timer: NodeJS.Timeout | undefined
  const killable: KillableChild = {
    pid: child.pid,
    killAfter: (delayMs) => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs)
    },
    go: () => {
      child.stdin?.end('go\n')
    },
    exited: async () => {
      const [code, signal] = await closed
      clearTimeout(timer)
      return { code, signal, stdout, last, stderr }
    },
    dispose: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    }
  }
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
    pending += chunk
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      last = pending.slice(0, newline)
      pending = pending.slice(newline + 1)
      options.onLine?.(last, killable)
    }
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
  })
  // A child that died early closes its stdin; the write must not take the test down with EPIPE.
  child.stdin?.on('error', () => undefined)
  return killable
}

/**
 * Bundles `entry` (a path under `root`) for a child to run, as
 * `root`/node_modules/.cache/<cacheName>/<entry's name>.mjs, and returns that path. Inside the
 * project, so the bundle's bare imports (libsodium-wrappers-sumo, sql.js) resolve from
 * node_modules, as they do for the built CLI. The crash suites and the benchmark use it.
 */
export async function bundleForChild(
  entry: string,
  cacheName: string,
  options: { root?: string; sourcemap?: boolean } = {}
): Promise<string> {
  const root = options.root ?? process.cwd()
  const outfile = join(
    root,
    'node_modules/.cache',
    cacheName,
    `${basename(entry, extname(entry))}.mjs`
  )
  await mkdir(join(outfile, '..'), { recursive: true })
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    ...(options.sourcemap === true ? { sourcemap: 'inline' } : {}),
    logLevel: 'warning'
  })
  return outfile
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}
