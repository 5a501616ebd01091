/**
 * Entra's token signing keys: RS256, published as a JWKS with `kid`. Rotation adds a new current
 * key and keeps the previous one published (and verifiable) for a grace period, as Entra does.
 */
import { randomUUID } from 'node:crypto';
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  decodeProtectedHeader,
  errors,
  type JWK,
  type JWTPayload,
  type CryptoKey,
} from 'jose';
import type { Clock } from './context';

type SigningKey = {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** When the key stops being published after a rotation (null while current). */
  retiresAt: Date | null;
};

export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;

export class KeyStore {
  #keys: SigningKey[];
  readonly #initial: SigningKey;
  readonly #clock: Clock;

  private constructor(clock: Clock, initial: SigningKey) {
    this.#clock = clock;
    this.#initial = initial;
    this.#keys = [initial];
  }

  static async create(clock: Clock): Promise<KeyStore> {
    return new KeyStore(clock, await newKey());
  }

  get currentKid(): string {
    return this.#current().kid;
  }

  /** Keys still published: the current one and any retired key within its grace period. */
  #published(): SigningKey[] {
    const now = this.#clock.now().getTime();
    return this.#keys.filter((k) => k.retiresAt === null || k.retiresAt.getTime() > now);
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

  /** Makes a new key current; the old one stays published for `graceSeconds`. */
  async rotate(graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS): Promise<{ kid: string; previousKid: string }> {
    const previous = this.#current();
    previous.retiresAt = new Date(this.#clock.now().getTime() + graceSeconds * 1000);
    const next = await newKey();
    this.#keys.push(next);
    return { kid: next.kid, previousKid: previous.kid };
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
    if (key.retiresAt === null) this.#keys.push(await newKey());
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
    this.#keys = [this.#initial];
  }

  async sign(payload: JWTPayload, header: { typ?: string; x5t?: boolean } = {}): Promise<string> {
    const key = this.#current();
    return new SignJWT(payload)
      .setProtectedHeader({
        alg: 'RS256',
        typ: header.typ ?? 'JWT',
        kid: key.kid,
        // v1 tokens carry x5t as well as kid; Entra sets both to the same key id.
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
    const key = this.#published().find((k) => k.kid === header.kid);
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

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', {
    modulusLength: 2048,
    extractable: true,
  });
  const kid = randomUUID().replaceAll('-', '').slice(0, 27);
  const publicJwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256', kty: 'RSA' };
  return { kid, privateKey, publicJwk, retiresAt: null };
}
