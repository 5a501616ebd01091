/**
 * Certificate credentials for our app registration: certificates registered the way an admin
 * uploads one in Entra (Certificates & secrets; here `POST /_emulator/entra/app-certificates`),
 * and the client assertion (private_key_jwt, RFC 7523) a confidential client signs with one,
 * checked as Entra checks it: RS256 or PS256, the certificate named by `x5t#S256` (or `x5t`),
 * `aud` the token endpoint, `iss` and `sub` the client id, a `jti`, within its time range.
 * https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 */
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import { EntraError } from './errors';

export type RegisteredCertificate = {
  /** SHA-256 of the DER certificate, lower-case hex (what the portal shows as the thumbprint). */
  thumbprintSha256: string;
  publicKey: KeyObject;
  notAfter: Date;
};

/** Entra tolerates this much clock skew on an assertion's nbf and exp. */
const CLOCK_SKEW_SECONDS = 300;

export function registerCertificate(pem: string): RegisteredCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    throw new Error('certificate must be one PEM certificate (-----BEGIN CERTIFICATE-----)');
  }
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
    throw new Error('certificate must hold an RSA key (Entra signs and verifies client assertions with RSA)');
  }
  return {
    thumbprintSha256: createHash('sha256').update(certificate.raw).digest('hex'),
    publicKey: certificate.publicKey,
    notAfter: new Date(certificate.validTo),
  };
}

const failure = (code: number, message: string) => new EntraError('invalid_client', code, message);

/** Resolves when `assertion` proves possession of one of `certificates`' keys; throws Entra's error otherwise. */
export async function verifyClientAssertion(
  assertion: string,
  options: {
    clientId: string;
    /** The token endpoint the request was sent to: the assertion's audience. */
    audiences: string[];
    certificates: Iterable<RegisteredCertificate>;
    now: Date;
  },
): Promise<void> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw failure(50027, 'Invalid JWT token. The client assertion is not a well-formed JWT.');
  }
  const x5tS256 =
    typeof header['x5t#S256'] === 'string' ? Buffer.from(header['x5t#S256'], 'base64url') : null;
  const x5t = typeof header.x5t === 'string' ? Buffer.from(header.x5t, 'base64url') : null;
  const known = [...options.certificates];
  const certificate = known.find((c) =>
    x5tS256 ? Buffer.from(c.thumbprintSha256, 'hex').equals(x5tS256) : false,
  );
  if (!certificate) {
    const named = x5tS256
      ? `x5t#S256 ${x5tS256.toString('hex')}`
      : x5t
        ? 'only x5t (SHA-1)'
        : 'no thumbprint';
    throw failure(
      700027,
      `Client assertion failed signature validation. Key was not found: the assertion names ${named}, ` +
        `and app '${options.clientId}' has ${known.length} certificate(s) registered (POST /_emulator/entra/app-certificates).`,
    );
  }
  if (certificate.notAfter.getTime() < options.now.getTime()) {
    throw failure(
      700027,
      `Client assertion failed signature validation: the certificate expired on ${certificate.notAfter.toISOString()}.`,
    );
  }
  try {
    await jwtVerify(assertion, certificate.publicKey, {
      algorithms: ['RS256', 'PS256'],
      audience: options.audiences,
      issuer: options.clientId,
      subject: options.clientId,
      requiredClaims: ['exp', 'nbf', 'jti'],
      currentDate: options.now,
      clockTolerance: CLOCK_SKEW_SECONDS,
    });
  } catch (error) {
    if (
      error instanceof joseErrors.JWTExpired ||
      (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'nbf')
    ) {
      throw failure(700024, 'Client assertion is not within its valid time range.');
    }
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      throw failure(
        700021,
        `Client assertion claim '${error.claim}' is not valid: ${error.message}. aud must be the token endpoint, iss and sub the client id.`,
      );
    }
    if (error instanceof joseErrors.JOSEAlgNotAllowed) {
      throw failure(
        700027,
        `Client assertion failed signature validation: algorithm ${header.alg} is not supported; use RS256 or PS256.`,
      );
    }
    throw failure(700027, 'Client assertion failed signature validation.');
  }
}
