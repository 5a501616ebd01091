/**
 * How the backend proves it is our app registration to Entra: a client secret, or a certificate
 * (Microsoft's recommendation for production: a private key never leaves the server, nothing to
 * type or paste). The certificate comes as one PEM value, SECRET_AAD_APP_CLIENT_CERTIFICATE,
 * holding the unencrypted private key and the certificate (chain), as a Key Vault certificate with
 * content type PEM yields through an App Service Key Vault reference. Checked once at boot;
 * messages never repeat the value.
 */
import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';

export type ClientCredential =
  | { kind: 'secret'; clientSecret: string }
  | {
      kind: 'certificate';
      /** SHA-256 of the certificate (hex), as Entra shows it under Certificates & secrets. */
      thumbprintSha256: string;
      /** PKCS#8 PEM. */
      privateKey: string;
      /** The certificate chain as PEM: sent as `x5c` so Entra can match by subject name and issuer. */
      x5c: string;
      notAfter: Date;
    };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n[\s\S]*?\r?\n-----END \1-----/g;

/** Reads SECRET_AAD_APP_CLIENT_CERTIFICATE; throws an Error saying what to fix. */
export function parseCertificateCredential(pem: string, now: Date = new Date()): ClientCredential {
  const blocks = [...pem.replace(/\\n/g, '\n').matchAll(PEM_BLOCK)].map((m) => ({ type: m[1]!, text: m[0] }));
  if (blocks.some((b) => b.type === 'ENCRYPTED PRIVATE KEY')) {
    throw new Error(
      'holds an encrypted private key: give it unencrypted (keep the value itself in Key Vault)',
    );
  }
  const keys = blocks.filter((b) => b.type === 'PRIVATE KEY' || b.type === 'RSA PRIVATE KEY');
  const certificates = blocks.filter((b) => b.type === 'CERTIFICATE');
  if (keys.length !== 1 || certificates.length === 0) {
    throw new Error(
      `must be PEM text holding one private key and its certificate (found ${keys.length} private key(s) and ${certificates.length} certificate(s))`,
    );
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  let certificate: X509Certificate;
  try {
    privateKey = createPrivateKey(keys[0]!.text);
  } catch {
    throw new Error('holds a private key that cannot be read');
  }
  try {
    certificate = new X509Certificate(certificates[0]!.text);
  } catch {
    throw new Error('holds a certificate that cannot be read');
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw new Error(`holds a ${privateKey.asymmetricKeyType} key: Entra client assertions need an RSA key`);
  }
  const spki = (key: ReturnType<typeof createPublicKey>) => key.export({ type: 'spki', format: 'der' });
  if (!spki(createPublicKey(privateKey)).equals(spki(certificate.publicKey))) {
    throw new Error('holds a private key that does not belong to its (first) certificate');
  }
  const notAfter = new Date(certificate.validTo);
  if (notAfter.getTime() <= now.getTime()) {
    throw new Error(
      `holds a certificate that expired on ${notAfter.toISOString()}: upload a new one to Entra and here`,
    );
  }
  return {
    kind: 'certificate',
    thumbprintSha256: createHash('sha256').update(certificate.raw).digest('hex'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    x5c: certificates.map((c) => c.text).join('\n'),
    notAfter,
  };
}

/** The credential as msal-node's ConfidentialClientApplication takes it (`auth`). */
export function msalCredential(
  credential: ClientCredential,
):
  | { clientSecret: string }
  | { clientCertificate: { thumbprintSha256: string; privateKey: string; x5c: string } } {
  return credential.kind === 'secret'
    ? { clientSecret: credential.clientSecret }
    : {
        clientCertificate: {
          thumbprintSha256: credential.thumbprintSha256,
          privateKey: credential.privateKey,
          x5c: credential.x5c,
        },
      };
}
