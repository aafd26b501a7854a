import { findRamTempParent } from '../capture/ramTempParent'

/**
 * Whether a capture browser started now keeps its temporary files in RAM: the decision the
 * CLI's and the tests' browsers take at each start (ramTempParent). The desktop app decides
 * once, before Electron's ready event, and passes its own answer to the handlers instead.
 */
export async function captureTempInRam(): Promise<boolean> {
  return (await findRamTempParent()) !== null
}
