/**
 * The local certificate authority. MSAL refuses http authorities and the Graph client only sends
 * its bearer token to https hosts, so everything local speaks real TLS: a CA generated on first
 * start, and a server certificate for localhost and 127.0.0.1 signed by it. Our processes trust
 * the CA through NODE_EXTRA_CA_CERTS; nothing turns certificate checks off.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

export type LocalCertificates = {
  dir: string;
  caCertPath: string;
  certPath: string;
  keyPath: string;
  /** base64 SHA-256 of the server certificate's public key, for Chromium's SPKI pinning flag. */
  spkiSha256: string;
};

export const DEFAULT_TLS_DIR = path.resolve(import.meta.dirname, '..', '.local', 'tls');

const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;

/** Returns the CA and server certificate in `dir`, generating them when missing or expiring. */
export function ensureLocalCertificates(dir: string = DEFAULT_TLS_DIR): LocalCertificates {
  const files = {
    dir,
    caCertPath: path.join(dir, 'ca.crt'),
    caKeyPath: path.join(dir, 'ca.key'),
    certPath: path.join(dir, 'server.crt'),
    keyPath: path.join(dir, 'server.key'),
  };
  if (!allPresentAndFresh([files.caCertPath, files.caKeyPath, files.certPath, files.keyPath])) {
    mkdirSync(dir, { recursive: true });
    generate(files);
  }
  return {
    dir,
    caCertPath: files.caCertPath,
    certPath: files.certPath,
    keyPath: files.keyPath,
    spkiSha256: spkiHash(readFileSync(files.certPath, 'utf8')),
  };
}

function allPresentAndFresh(paths: string[]): boolean {
  if (!paths.every((p) => existsSync(p))) return false;
  const certs = [paths[0], paths[2]].map((p) => new X509Certificate(readFileSync(p!)));
  return certs.every((c) => new Date(c.validTo).getTime() - Date.now() > RENEW_BEFORE_MS);
}

function generate(files: { caCertPath: string; caKeyPath: string; certPath: string; keyPath: string }) {
  const { pki, md } = forge;
  const now = new Date();

  const caKeys = pki.rsa.generateKeyPair({ bits: 2048 });
  const ca = pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = randomSerial();
  ca.validity.notBefore = new Date(now.getTime() - 3600_000);
  ca.validity.notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600_000);
  const caName = [
    { name: 'commonName', value: 'SDS Profiles local development CA' },
    { name: 'organizationName', value: 'SDS Profiles (local only)' },
  ];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true, pathLenConstraint: 0 },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, md.sha256.create());

  const serverKeys = pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = pki.createCertificate();
  cert.publicKey = serverKeys.publicKey;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = new Date(now.getTime() - 3600_000);
  // Browsers reject leaf certificates valid for more than 398 days.
  cert.validity.notAfter = new Date(now.getTime() + 397 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKeys.privateKey, md.sha256.create());

  writeFileSync(files.caKeyPath, pki.privateKeyToPem(caKeys.privateKey), { mode: 0o600 });
  writeFileSync(files.caCertPath, pki.certificateToPem(ca));
  writeFileSync(files.keyPath, pki.privateKeyToPem(serverKeys.privateKey), { mode: 0o600 });
  writeFileSync(files.certPath, pki.certificateToPem(cert));
}

function randomSerial(): string {
  // Positive 128-bit serial (leading nibble below 8 keeps the DER integer positive).
  return '7' + forge.util.bytesToHex(forge.random.getBytesSync(15));
}

function spkiHash(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
