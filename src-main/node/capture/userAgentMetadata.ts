/**
 * What Chromium sends as client hints (`sec-ch-ua`, `navigator.userAgentData`), for the
 * browser behind `userAgent`, as an ordinary Chromium of that version sends it. Headless
 * Chromium reports no brands at all, which pages read as "automation".
 */
export interface UserAgentMetadata {
  brands: { brand: string; version: string }[]
  fullVersionList: { brand: string; version: string }[]
  fullVersion: string
  platform: string
  platformVersion: string
  architecture: string
  bitness: string
  model: string
  mobile: boolean
  wow64: boolean
}

/** Chromium's GREASE brand (components/embedder_support/user_agent_utils.cc), by major version. */
export function greaseBrand(major: number): { brand: string; version: string } {
  const chars = [' ', '(', ':', '-', '.', '/', ')', ';', '=', '?', '_']
  const versions = ['8', '99', '24']
  return {
    brand: `Not${chars[major % chars.length] ?? '_'}A${chars[(major + 1) % chars.length] ?? ' '}Brand`,
    version: versions[major % versions.length] ?? '99'
  }
}

/** The platform a user agent names, as client hints spell it. */
function platformOf(userAgent: string): string {
  if (userAgent.includes('Windows')) return 'Windows'
  if (userAgent.includes('Macintosh')) return 'macOS'
  if (userAgent.includes('Android')) return 'Android'
  if (userAgent.includes('CrOS')) return 'Chrome OS'
  return 'Linux'
}

/**
 * @param userAgent the user agent sent (with `Chrome/`, not `HeadlessChrome/`)
 * @param fullVersion the browser's own version, e.g. "156.0.8078.114"
 * @param arch process.arch of the machine the browser runs on
 */
export function userAgentMetadata(
  userAgent: string,
  fullVersion: string,
  arch: string
): UserAgentMetadata {
  const major = Number.parseInt(fullVersion, 10) || 0
  const grease = greaseBrand(major)
  // Chromium orders its two brands by the major version, so that sites cannot rely on one.
  const pair = <T>(greased: T, chromium: T): T[] =>
    major % 2 === 0 ? [greased, chromium] : [chromium, greased]
  return {
    brands: pair(grease, { brand: 'Chromium', version: String(major) }),
    fullVersionList: pair(
      { brand: grease.brand, version: `${grease.version}.0.0.0` },
      { brand: 'Chromium', version: fullVersion }
    ),
    fullVersion,
    platform: platformOf(userAgent),
    platformVersion: '',
    architecture: arch.startsWith('arm') ? 'arm' : 'x86',
    bitness: arch === 'x64' || arch === 'arm64' ? '64' : '32',
    model: '',
    mobile: false,
    wow64: false
  }
}
