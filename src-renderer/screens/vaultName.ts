/**
 * The vault's name as the lock screen shows it: its folder's own name, without the path
 * above it. A path names the account and the drive, and is read over a shoulder.
 */
export function vaultName(path: string): string {
  const parts = path.split(/[/\\]+/).filter((part) => part !== '')
  return parts.at(-1) ?? path
}
