import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The openssl command-line steps every test certificate authority is made of (the TLS PKI of
 * the capture tests, the time-stamping authority's): each call is one command a reader of the
 * tests could type by hand in the same directory. All keys are EC P-256.
 */

/** Runs `openssl args…` in `dir` and returns its stdout; stderr goes into a failure's message. */
export function openssl(args: string[], dir: string): string {
  return execFileSync('openssl', args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

/** `<name>.key` and a self-signed CA certificate `<name>.pem`, valid 30 days. */
export function newRootCa(dir: string, name: string, subject: string): void {
  openssl(
    [
      'req',
      '-x509',
      ...newKeyArgs(name),
      '-out',
      `${name}.pem`,
      '-days',
      '30',
      '-subj',
      subject,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    ],
    dir
  )
}

/** `<name>.key` and a certificate request for it, `<name>.csr`. */
export function newKeyAndCsr(dir: string, name: string, subject: string): void {
  openssl(['req', ...newKeyArgs(name), '-out', `${name}.csr`, '-subj', subject], dir)
}

function newKeyArgs(name: string): string[] {
  return [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`
  ]
}

export interface IssueOptions {
  /** the request, `<csr>.csr`; by default `<name>.csr` */
  csr?: string
  /** a fixed serial number as `-set_serial` takes it (0x…); by default a fresh one */
  serial?: string
  /** validity in days; 30 by default */
  days?: string
}

/**
 * Signs a request with `<issuer>.pem`/`<issuer>.key` into `<name>.pem`, with `extensions`
 * (an openssl extension file's lines, written to `<name>.ext`).
 */
export function issueCertificate(
  dir: string,
  name: string,
  issuer: string,
  extensions: string,
  options: IssueOptions = {}
): void {
  writeFileSync(join(dir, `${name}.ext`), extensions)
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${options.csr ?? name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      ...(options.serial === undefined ? ['-CAcreateserial'] : ['-set_serial', options.serial]),
      '-out',
      `${name}.pem`,
      '-days',
      options.days ?? '30',
      '-extfile',
      `${name}.ext`
    ],
    dir
  )
}

/** The serial number of `<name>.pem`, as openssl's `-set_serial` takes it (0x…). */
export function certificateSerial(dir: string, name: string): string {
  const out = openssl(['x509', '-in', `${name}.pem`, '-noout', '-serial'], dir)
  return `0x${out.trim().replace(/^serial=/, '')}`
}

/** `openssl x509 -noout -fingerprint -sha256` of `<name>.pem`: lowercase hex, no colons. */
export function certificateSha256(dir: string, name: string): string {
  const out = openssl(['x509', '-in', `${name}.pem`, '-noout', '-fingerprint', '-sha256'], dir)
  return (out.split('=')[1] ?? '').trim().replace(/:/g, '').toLowerCase()
}
