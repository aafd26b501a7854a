#!/usr/bin/env node
import { runCli } from './runCli'

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr
})
process.exitCode = code
