/**
 * The authorities `dalel timestamp` and the app ask when the vault names none: free, public
 * RFC 3161 services run by independent organisations, reachable over plain HTTP (a token is
 * signed, so the transport need not be), asking for no account. Three, from different
 * operators and countries, so one being down or refusing does not leave a head unstamped,
 * and a court that doubts one has the others. Replace them with `--tsa` or in the vault's
 * setting (e.g. a national qualified authority); README "Trusted timestamps" explains.
 */
export const DEFAULT_AUTHORITIES: readonly string[] = [
  // DigiCert: a WebTrust-audited commercial CA; its TSA chains to a root in every system store.
  'http://timestamp.digicert.com',
  // Sectigo: another audited commercial CA, likewise chaining to a common system root.
  'http://timestamp.sectigo.com',
  // FreeTSA.org: a free community service; its root is not in system stores, so its tokens
  // verify only with its CA added (--tsa-ca cacert.pem from freetsa.org).
  'https://freetsa.org/tsr'
]
