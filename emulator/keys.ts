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
  #keys: SigningKey[] = [];
  readonly #clock: Clock;

  private constructor(clock: Clock) {
    this.#clock = clock;
  }

  static async create(clock: Clock): Promise<KeyStore> {
    const store = new KeyStore(clock);
    store.#keys.push(await newKey());
    return store;
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

  jwks(): { keys: JWK[] } {
    return { keys: this.#published().map((k) => k.publicJwk) };
  }

  /** Makes a new key current; the old one stays published for `graceSeconds`. */
  async rotate(graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS): Promise<{ kid: string; previousKid: string }> {
    const previous = this.#current();
    previous.retiresAt = new Date(this.#clock.now().getTime() + graceSeconds * 1000);
    const next = await newKey();
    this.#keys.push(next);
    return { kid: next.kid, previousKid: previous.kid };
  }

  /** Back to a single fresh key (emulator reset). */
  async resetKeys(): Promise<void> {
    this.#keys = [await newKey()];
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
   */
  async verify(token: string): Promise<JWTPayload> {
    const { kid, alg } = decodeProtectedHeader(token);
    if (alg !== 'RS256') throw new Error(`unsupported algorithm ${String(alg)}`);
    const key = this.#published().find((k) => k.kid === kid);
    if (!key) throw new Error(`unknown signing key ${String(kid)}`);
    const publicKey = await importJWK(key.publicJwk, 'RS256');
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: ['RS256'],
      currentDate: this.#clock.now(),
      requiredClaims: ['exp'],
    });
    return payload;
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
