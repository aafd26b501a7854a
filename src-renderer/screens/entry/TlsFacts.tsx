import type { CaptureTls } from '../../../src-main/common/entry/Entry'
import type { MessageKey } from '../../../src-main/common/i18n/translate'
import { useI18n } from '../../i18n/I18n'
import { Facts } from './Facts'
import { code } from './fieldNode'

/**
 * A capture's TLS facts as the report lays them out: protocol, cipher and key exchange, where
 * the certificates came from, and each certificate's subject, issuer, validity (in the page's
 * language and zone), alternative names, serial number and SHA-256, leaf first.
 */
export function TlsFacts({ tls }: { tls: CaptureTls }): React.JSX.Element {
  const { t, f } = useI18n()
  const c = (key: string) => t(`report.capture.${key}` as MessageKey)
  const negotiated = [tls.protocol, tls.cipher, tls.keyExchange].filter((x) => x !== undefined)
  return (
    <div className="tls">
      {negotiated.length > 0 && <p className="code">{negotiated.join(', ')}</p>}
      <p>
        {c('certificates')}: {t(`report.capture.certificatesFrom.${tls.certificatesFrom}`)}
      </p>
      {tls.hostnameMismatch !== undefined && (
        <p>
          {c('hostnameMismatch')}: <span className="code">{tls.hostnameMismatch}</span>
        </p>
      )}
      <ol className="certificates">
        {tls.certificates.map((cert) => (
          <li key={cert.sha256}>
            <Facts
              rows={[
                [c('subject'), code(cert.subject)],
                [c('issuer'), code(cert.issuer)],
                [
                  c('validity'),
                  t('report.capture.validityValue', {
                    from: f.dateTime(cert.notBefore),
                    to: f.dateTime(cert.notAfter)
                  })
                ],
                [c('subjectAltName'), code(cert.subjectAltName)],
                [c('serialNumber'), code(cert.serialNumber)],
                ['SHA-256', code(cert.sha256)]
              ]}
            />
          </li>
        ))}
      </ol>
    </div>
  )
}
