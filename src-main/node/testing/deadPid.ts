import { spawn } from 'node:child_process'
import { once } from 'node:events'

/** The pid of a process that has run and exited: what vault.lock holds after a crash. */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  const pid = child.pid
  await once(child, 'exit')
  if (pid === undefined) throw new Error('could not start a process')
  return pid
}
