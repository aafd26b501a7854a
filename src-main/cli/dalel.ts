#!/usr/bin/env node
import { runCli } from './runCli'

/**
 * `dalel show … | head -1`: the reader has gone, which is not an error of ours. Later writes
 * to that stream are dropped (Node reports them as a destroyed stream) and the command ends
 * with its own exit code, instead of Node printing an "Unhandled 'error' event" stack trace.
 */
function endQuietlyWhenReaderCloses(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return
    throw error
  })
}

endQuietlyWhenReaderCloses(process.stdout)
endQuietlyWhenReaderCloses(process.stderr)

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr
})
process.exitCode = code
