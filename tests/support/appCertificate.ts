/**
 * A certificate credential for our app registration, made the way an admin would make one for
 * Entra (a self-signed RSA certificate): the key by Node, the certificate by node-forge.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export type AppCertificate = {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  certificatePem: string;
  /** What SECRET_AAD_APP_CLIENT_CERTIFICATE holds: the private key, then the certificate. */
  credentialPem: string;
};

export function makeAppCertificate(
  options: { notBefore?: Date; notAfter?: Date; keyType?: 'rsa' | 'ec' } = {},
): AppCertificate {
  const now = Date.now();
  if (options.keyType === 'ec') {
    // forge cannot sign with EC keys; a key without a certificate of its own is enough for the refusal.
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const other = makeAppCertificate();
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return {
      privateKeyPem,
      certificatePem: other.certificatePem,
      credentialPem: `${privateKeyPem}${other.certificatePem}`,
    };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  certificate.serialNumber = `7${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  certificate.validity.notBefore = options.notBefore ?? new Date(now - 3600_000);
  certificate.validity.notAfter = options.notAfter ?? new Date(now + 365 * 24 * 3600_000);
  const name = [{ name: 'commonName', value: 'SDS Profiles backend (test)' }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(
    forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    forge.md.sha256.create(),
  );
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const certificatePem = forge.pki.certificateToPem(certificate);
  return { privateKeyPem, certificatePem, credentialPem: `${privateKeyPem}${certificatePem}` };
}
