import { writeSync } from 'node:fs'
import { basename } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * The child's half of the crash tests (killableChild.ts is the parent's): a program that
 * says on stdout how far it got, so the parent knows which work was acknowledged and where
 * its SIGKILL landed.
 */

/**
 * Writes one line to stdout with write(2) itself, not through process.stdout, whose writes
 * to a pipe are asynchronous and would still be queued when the kill lands. A line on the
 * pipe therefore never runs ahead of what the child has done, nor behind it.
 */
export function say(line: string): void {
  const bytes = Buffer.from(`${line}\n`)
  let offset = 0
  while (offset < bytes.length) {
    try {
      offset += writeSync(1, bytes, offset)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
    }
  }
}

/**
 * Resolves at the first data on stdin, or at its end (stdin from /dev/null: no waiting): the
 * parent's go-ahead (KillableChild.go) for a child that has warmed up.
 */
export function goAhead(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('data', () => {
      resolve()
    })
    process.stdin.once('end', () => {
      resolve()
    })
  })
}

/**
 * Runs `main` with the command line's arguments when the module at `moduleUrl` is the
 * program node was started with (the parent bundles the child and runs the bundle), and
 * does nothing when a test imports that module for its helpers. A short command line exits
 * 2 and a failure 4, with the reason on stderr for the parent to show.
 */
export async function runAsChildProgram<const P extends readonly string[]>(
  moduleUrl: string,
  name: string,
  params: P,
  main: (args: { [K in keyof P]: string }) => Promise<void>
): Promise<void> {
  const argv1 = process.argv[1]
  if (argv1 === undefined || moduleUrl !== pathToFileURL(argv1).href) return
  const args = process.argv.slice(2, 2 + params.length)
  if (args.length < params.length) {
    process.stderr.write(`usage: ${basename(argv1)} ${params.map((p) => `<${p}>`).join(' ')}\n`)
    process.exit(2)
  }
  try {
    await main(args as { [K in keyof P]: string })
  } catch (error) {
    process.stderr.write(
      `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    process.exit(4)
  }
}
