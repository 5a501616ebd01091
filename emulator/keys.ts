/**
 * Entra's token signing keys: RS256, published as a JWKS the way Entra publishes them — each key
 * with its self-signed certificate (`x5c`), the certificate's SHA-1 thumbprint as `x5t` and `kid`,
 * and no `alg` (issue 11 §4). A normal rollover publishes the next key before anything is signed
 * with it, so validators that cache the JWKS already know it; an emergency rotation signs with a
 * key nobody has seen. Either way the previous key stays published for a grace period.
 */
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import {
  importJWK,
  jwtVerify,
  SignJWT,
  decodeProtectedHeader,
  errors,
  type JWK,
  type JWTPayload,
} from 'jose';
import forge from 'node-forge';
import type { Clock } from './context';

type SigningKey = {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
  /** When the key stops being published after a rotation (null while current). */
  retiresAt: Date | null;
};

export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;

/** `rollover`: Entra's routine change to the already published next key; `emergency`: a new key at once. */
export type RotationKind = 'rollover' | 'emergency';

export class KeyStore {
  #keys: SigningKey[];
  /** Published, not yet signing: the key the next rollover makes current. */
  #next: SigningKey;
  readonly #initial: SigningKey;
  readonly #initialNext: SigningKey;
  readonly #clock: Clock;

  private constructor(clock: Clock, initial: SigningKey, next: SigningKey) {
    this.#clock = clock;
    this.#initial = initial;
    this.#initialNext = next;
    this.#keys = [initial];
    this.#next = next;
  }

  static async create(clock: Clock): Promise<KeyStore> {
    return new KeyStore(clock, newKey(clock.now()), newKey(clock.now()));
  }

  get currentKid(): string {
    return this.#current().kid;
  }

  /** Keys that verify: the current one and any retired key within its grace period. */
  #valid(): SigningKey[] {
    const now = this.#clock.now().getTime();
    return this.#keys.filter((k) => k.retiresAt === null || k.retiresAt.getTime() > now);
  }

  /** Keys in the JWKS: the valid ones (current first) and the next one. */
  #published(): SigningKey[] {
    return [this.#current(), ...this.#valid().filter((k) => k.retiresAt !== null), this.#next];
  }

  get nextKid(): string {
    return this.#next.kid;
  }

  #current(): SigningKey {
    const current = this.#keys.find((k) => k.retiresAt === null);
    if (!current) throw new Error('no current signing key');
    return current;
  }

  /**
   * The published keys. `issuer` is stamped on each key as Entra's v2 keys document does, so
   * multi-tenant validators can check that the signing key belongs to the token's issuer.
   */
  jwks(issuer?: string): { keys: JWK[] } {
    return {
      keys: this.#published().map((k) => (issuer ? { ...k.publicJwk, issuer } : { ...k.publicJwk })),
    };
  }

  /**
   * Makes another key current; the old one stays published for `graceSeconds`. A rollover signs
   * with the key the JWKS already lists as next (and publishes a new next); an emergency rotation
   * signs with a brand-new key at once.
   */
  async rotate(
    graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS,
    kind: RotationKind = 'rollover',
  ): Promise<{ kid: string; previousKid: string; nextKid: string }> {
    const previous = this.#current();
    previous.retiresAt = new Date(this.#clock.now().getTime() + graceSeconds * 1000);
    let current: SigningKey;
    if (kind === 'rollover') {
      current = this.#next;
      this.#next = newKey(this.#clock.now());
    } else {
      current = newKey(this.#clock.now());
    }
    this.#keys.push(current);
    return { kid: current.kid, previousKid: previous.kid, nextKid: this.#next.kid };
  }

  /**
   * Stops publishing a key at once, as Entra does in an emergency rollover after a key leaked:
   * tokens signed with it no longer verify anywhere. Withdrawing the current key (the default)
   * makes a new key current first. Answers the withdrawn kid and the kid now signing.
   */
  async withdraw(kid: string = this.currentKid): Promise<{ withdrawnKid: string; currentKid: string }> {
    const key = this.#published().find((k) => k.kid === kid);
    if (!key)
      throw new UnknownKeyError(
        kid,
        this.#published().map((k) => k.kid),
      );
    if (key === this.#next) {
      // The next key never signed anything: publish another one in its place.
      this.#next = newKey(this.#clock.now());
      return { withdrawnKid: kid, currentKid: this.currentKid };
    }
    if (key.retiresAt === null) this.#keys.push(newKey(this.#clock.now()));
    key.retiresAt = this.#clock.now();
    return { withdrawnKid: kid, currentKid: this.currentKid };
  }

  /**
   * Back to the key the emulator started with (emulator reset). Not a fresh key: a backend that
   * cached the JWKS must keep verifying tokens across test resets, and JWKS clients refetch
   * at most every few seconds (jose: 30 s cooldown), so a new kid after every reset would fail.
   */
  resetKeys(): void {
    this.#initial.retiresAt = null;
    this.#initialNext.retiresAt = null;
    this.#keys = [this.#initial];
    this.#next = this.#initialNext;
  }

  async sign(payload: JWTPayload, header: { typ?: string; x5t?: boolean } = {}): Promise<string> {
    const key = this.#current();
    return new SignJWT(payload)
      .setProtectedHeader({
        alg: 'RS256',
        typ: header.typ ?? 'JWT',
        kid: key.kid,
        // v1 tokens carry x5t as well as kid; Entra sets both to the certificate's thumbprint.
        ...(header.x5t ? { x5t: key.kid } : {}),
      })
      .sign(key.privateKey);
  }

  /**
   * Verifies a token signed by one of the published keys (RS256 only) and checks expiry and
   * not-before against the emulator clock. Audience and issuer checks are the caller's.
   * Failures are `TokenVerificationError`s whose `reason` lets Entra word its answer.
   */
  async verify(token: string): Promise<JWTPayload> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new TokenVerificationError(
        'malformed',
        'the token is not a signed JWT (header.payload.signature)',
      );
    }
    if (header.alg !== 'RS256') {
      throw new TokenVerificationError(
        'bad_signature',
        `unsupported algorithm ${String(header.alg)}; expected RS256`,
      );
    }
    const key = this.#valid().find((k) => k.kid === header.kid);
    if (!key) throw new TokenVerificationError('unknown_key', `the key ${String(header.kid)} was not found`);
    const publicKey = await importJWK(key.publicJwk, 'RS256');
    try {
      const { payload } = await jwtVerify(token, publicKey, {
        algorithms: ['RS256'],
        currentDate: this.#clock.now(),
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (error) {
      throw TokenVerificationError.from(error);
    }
  }
}

export class UnknownKeyError extends Error {
  constructor(
    readonly kid: string,
    readonly published: string[],
  ) {
    super(`kid: "${kid}" is not a published signing key. Published: ${published.join(', ')}`);
    this.name = 'UnknownKeyError';
  }
}

export type TokenVerificationFailure =
  'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'not_yet_valid' | 'missing_claim';

export class TokenVerificationError extends Error {
  constructor(
    readonly reason: TokenVerificationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TokenVerificationError';
  }

  static from(error: unknown): TokenVerificationError {
    if (error instanceof errors.JWTExpired) return new TokenVerificationError('expired', error.message);
    if (error instanceof errors.JWTClaimValidationFailed) {
      return error.claim === 'nbf'
        ? new TokenVerificationError('not_yet_valid', error.message)
        : new TokenVerificationError('missing_claim', error.message);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return new TokenVerificationError('bad_signature', 'the signature does not match the key');
    }
    return new TokenVerificationError('malformed', error instanceof Error ? error.message : String(error));
  }
}

/**
 * An RSA key with the self-signed certificate Entra wraps its signing keys in, valid for five
 * years from `now`. The certificate's SHA-1 thumbprint (base64url) is both `kid` and `x5t`.
 */
function newKey(now: Date): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { pki, md } = forge;
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '1' + randomBytes(15).toString('hex');
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * 24 * 3600 * 1000);
  const name = [{ name: 'commonName', value: 'accounts.accesscontrol.windows.net (emulator)' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(
    pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    md.sha256.create(),
  );
  const der = Buffer.from(forge.asn1.toDer(pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const x5t = createHash('sha1').update(der).digest('base64url');
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const publicJwk: JWK = {
    kty: 'RSA',
    use: 'sig',
    kid: x5t,
    x5t,
    n: jwk.n,
    e: jwk.e,
    x5c: [der.toString('base64')],
  };
  return { kid: x5t, privateKey, publicJwk, retiresAt: null };
}
